using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Execution;

/// <summary>
/// What git keeps of an agent's operations in its worktree's own metadata folder (a bisect, a stopped rebase or
/// <c>git am</c>, the HEAD reflog, per-worktree refs) survives a forced checkout of the next task's branch: a recycled
/// worktree must not hand any of it to the next task.
/// </summary>
public sealed class RecycledGitStateTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("gitstate");

    [Theory]
    [InlineData("bisect", "git bisect start && git bisect bad && echo a > a.txt")]
    [InlineData("rebase", "echo a > a.txt && git add a.txt && git commit -qm mine && git rebase --exec false HEAD~1; git checkout -q -f \"$branch\"")]
    [InlineData("am", "echo a > a.txt && git add a.txt && git commit -qm mine && git format-patch -1 --stdout > \"$scratch/a.patch\" && git am \"$scratch/a.patch\"")]
    [InlineData("reflog", "echo a > a.txt && git add a.txt && git commit -qm mine && git commit -q --amend -m mine-again")]
    public void A_task_in_a_recycled_worktree_sees_nothing_of_the_git_operation_the_agent_before_it_left(string state, string leaves)
    {
        // A leaves the state (and a file, its work); B, on A, starts in A's worktree while C holds the other slot.
        var a = _repo.Script("a.sh", $"""
            branch=$(git symbolic-ref --short HEAD); scratch='{_repo.Scratch}'
            {leaves}
            ls -A "$(git rev-parse --git-dir)" > "$scratch/A.metadata"
            exit 0
            """);
        var b = _repo.Script("b.sh", $"""
            cat .git > '{_repo.Scratch}/B.gitdir'
            ls -A "$(git rev-parse --git-dir)" > '{_repo.Scratch}/B.metadata'
            git status > '{_repo.Scratch}/B.status'
            git reflog > '{_repo.Scratch}/B.reflog'
            git for-each-ref > '{_repo.Scratch}/B.refs'
            echo b > b.txt
            """);
        var holds = _repo.HoldsItsSlotUntilCompleted("A");
        _repo.WithTasks(("A", a, []), ("C", holds, []), ("B", b, ["A"]));

        var result = _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        Read("A.metadata").Should().Contain(state switch
        {
            "bisect" => "BISECT_START",
            "rebase" => "rebase-merge",
            "am" => "rebase-apply",
            _ => "logs",
        }, "A's agent left its {0} in its worktree's metadata", state);
        Read("B.gitdir").Trim().Should().EndWith("/worktrees/A", "B ran in A's worktree, recycled");
        Read("B.status").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2, "on B's branch with nothing to commit, and no operation in progress:\n" + Read("B.status"));
        Read("B.reflog").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle("only B's own checkout, none of A's history");
        Read("B.refs").Should().NotContain("refs/bisect");
        Read("B.metadata").Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeSubsetOf(["HEAD", "commondir", "gitdir", "index", "logs"]);
        ((JArray)_repo.Tasks()["B"]["changed_files"]!).Select(f => (string)f!).Should().Equal("b.txt");
    }

    private string Read(string name) => File.ReadAllText(Path.Combine(_repo.Scratch, name));

    public void Dispose() => _repo.Dispose();
}
