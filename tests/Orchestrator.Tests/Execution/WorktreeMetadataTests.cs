using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Execution;

/// <summary>A worktree's metadata folder in the repository (<c>.git/worktrees/&lt;name&gt;</c>) is trusted only as the folder git made.</summary>
public sealed class WorktreeMetadataTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("metadata");

    [Fact]
    public void An_agent_that_replaces_its_worktrees_metadata_folder_with_a_link_fails_and_its_worktree_is_never_reused()
    {
        var planted = Path.Combine(_repo.Scratch, "A-metadata");
        // A swaps .git/worktrees/A for a link to a working copy it controls (git still works there); B would start in A's worktree (C holds the other slot).
        var swaps = _repo.Script("a.sh", $"""
            metadata=$(sed 's/^gitdir: //' .git)
            cp -a "$metadata" '{planted}' && (cd "$metadata/../.." && pwd) > '{planted}/commondir'
            rm -rf "$metadata" && ln -s '{planted}' "$metadata" && git status --short >/dev/null
            echo a > a.txt
            """);
        var b = _repo.Script("b.sh", $"cat .git > '{_repo.Scratch}/B.gitdir'; echo b > b.txt");
        // C holds its slot until A has ended, however long A takes, so A's worktree is the first one a slot could give B.
        var journal = Path.Combine(_repo.StateDirectory, "journal.jsonl");
        var holds = _repo.Script("c.sh", $"""for i in $(seq 600); do grep '"task":"A"' '{journal}' | grep -q '"status":"failed"' && break; sleep 0.05; done; sleep 0.3""");
        _repo.WithTasks(("A", swaps, []), ("C", holds, []), ("B", b, []));

        var result = _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = _repo.Tasks();
        ((string)tasks["A"]["status"]!).Should().Be("failed");
        ((string)tasks["A"]["error"]!).Should().Contain("its worktree's .git is not this repository's");
        ((string)tasks["B"]["status"]!).Should().Be("completed");
        File.ReadAllText(Path.Combine(_repo.Scratch, "B.gitdir")).Trim().Should().NotEndWith("/worktrees/A", "A's worktree is not recycled");
        ((JArray)tasks["B"]["changed_files"]!).Select(f => (string)f!).Should().Equal("b.txt");
        File.ReadAllText(Path.Combine(planted, "gitdir")).Trim().Should().EndWith("/A/.git", "nothing was moved through the link");
    }

    public void Dispose() => _repo.Dispose();
}
