using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

/// <summary>What the tasks' commits cost in git processes, counted from git's own trace of every process it started.</summary>
public sealed class TaskCommitTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("commits");

    [Fact]
    public async Task The_tasks_commits_leave_gits_automatic_maintenance_to_one_run_when_the_phase_ends()
    {
        var trace = Path.Combine(_repo.Scratch, "trace2.json");
        var own = "sh -c 'echo $ORCH_TASK_ID > $ORCH_TASK_ID.txt'";
        _repo.WithTasks(("A", own, []), ("B", own, []), ("C", own, ["A"]));

        var result = await OrchestratorCli.RunProcessAsync(_repo.Repo.Root, _repo.Args("-c", "2", "--retries=0", "--target=ParallelExecution"),
            null, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["GIT_TRACE2_EVENT"] = trace });

        result.ExitCode.Should().Be(0, result.ToString());
        var started = Started(trace);
        started.Count(e => e.Command == "commit").Should().Be(3, "one commit a task");
        started.Count(e => e.Command == "maintenance").Should().Be(1, "once for the phase, not after every commit");
    }

    [Fact]
    public async Task What_a_task_changed_is_read_from_its_index_as_git_diff_lists_it_without_a_diff_process()
    {
        var trace = Path.Combine(_repo.Scratch, "trace2.json");
        _repo.Repo.Write("kept.txt", "kept\n").Write("moved.txt", "moved\n").Write("run.sh", "true\n").Write("gone.txt", "gone\n").Commit("files");
        // E edits, adds, renames, deletes and makes a file executable; M commits part of its work itself; N changes
        // nothing; S stages a deletion that `add --all` undoes. N and S start in the worktrees E and M leave.
        _repo.WithTasks(
            ("E", "echo more >> kept.txt && mv moved.txt renamed.txt && rm gone.txt && chmod +x run.sh && echo new > new.txt", []),
            ("M", "echo c > c.txt && git add c.txt && git commit -qm self && echo d > d.txt", []),
            ("N", "true", ["E"]),
            ("S", "git rm -q --cached kept.txt", ["M"]));

        var result = await OrchestratorCli.RunProcessAsync(_repo.Repo.Root, _repo.Args("-c", "2", "--retries=0", "--target=ParallelExecution"),
            null, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["GIT_TRACE2_EVENT"] = trace });

        result.ExitCode.Should().Be(0, result.ToString());
        var tasks = _repo.Tasks();
        Changed(tasks["E"]).Should().Equal("gone.txt", "kept.txt", "moved.txt", "new.txt", "renamed.txt", "run.sh");
        Changed(tasks["M"]).Should().Equal("c.txt", "d.txt");
        ((bool)tasks["N"]["no_changes"]!).Should().BeTrue();
        Changed(tasks["S"]).Should().BeEmpty("git add --all stages the file back");
        foreach (var task in new[] { "E", "M", "S" })
        {
            var listedByGit = _repo.Repo.Git("diff", "--name-only", "--no-renames", (string)tasks[task]["base_commit"]!, (string)tasks[task]["commit"]!);
            Changed(tasks[task]).Should().Equal(listedByGit.Split('\n', StringSplitOptions.RemoveEmptyEntries), task);
        }

        Started(trace).Should().NotContain(e => e.Command == "diff", "each task's index is read against the one its checkout wrote");
    }

    [Fact]
    public async Task A_task_that_changed_nothing_starts_no_add_and_a_file_rewritten_with_its_size_and_time_kept_is_still_committed()
    {
        var trace = Path.Combine(_repo.Scratch, "trace2.json");
        _repo.Repo.Write("kept.txt", "kept\n").Commit("a file");
        // N and H start in the worktree A and B leave, a second after its files were written (so git has no racily
        // clean entry to refresh). H rewrites a file with as many bytes and puts its time back: only its ctime tells.
        _repo.WithTasks(("A", "sleep 1.1", []), ("B", "sleep 1.1", []), ("N", "true", ["A"]),
            ("H", "cp -p kept.txt .was && printf 'KEPT\\n' > kept.txt && touch -r .was kept.txt && rm .was", ["B"]));

        var result = await OrchestratorCli.RunProcessAsync(_repo.Repo.Root, _repo.Args("-c", "2", "--retries=0", "--target=ParallelExecution"),
            null, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["GIT_TRACE2_EVENT"] = trace });

        result.ExitCode.Should().Be(0, result.ToString());
        var tasks = _repo.Tasks();
        ((bool)tasks["N"]["no_changes"]!).Should().BeTrue();
        Changed(tasks["H"]).Should().Equal("kept.txt");
        _repo.Repo.Git("show", (string)tasks["H"]["commit"]! + ":kept.txt").Should().Be("KEPT");
        var adds = Started(trace).Where(e => e.Command == "add").Select(e => e.WorkTree).ToList();
        adds.Should().NotContain(w => w.EndsWith("/N"), "N's worktree is as its index records it");
        adds.Should().Contain(w => w.EndsWith("/H"), "H's file is not");
    }

    private static List<string> Changed(JToken task) => ((JArray)task["changed_files"]!).Select(f => (string)f!).ToList();

    /// <summary>Every git process started (git's own too): its command, and the work tree it was pinned to ("" if none).</summary>
    private static List<(string? Command, string WorkTree)> Started(string trace) =>
        File.ReadLines(trace).Select(JObject.Parse).Where(e => (string)e["event"]! == "start")
            .Select(e => e["argv"]!.Select(a => (string)a!).Skip(1).ToList())
            .Select(argv => (argv.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=')),
                argv.FirstOrDefault(a => a.StartsWith("--work-tree=", StringComparison.Ordinal))?["--work-tree=".Length..] ?? ""))
            .ToList();

    public void Dispose() => _repo.Dispose();
}
