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
    public async Task A_task_whose_agent_left_the_worktree_as_it_found_it_is_completed_without_changes_and_no_diff_asked()
    {
        var trace = Path.Combine(_repo.Scratch, "trace2.json");
        _repo.Repo.Write("kept.txt", "kept\n").Commit("a file");
        // N, after A (C holds the other slot), starts in A's worktree a second after its files were written (so git has
        // no racily clean entry to refresh) and changes nothing; S, after N, stages a deletion that `add --all` undoes.
        _repo.WithTasks(("A", "sleep 1.1", []), ("C", "sleep 3", []), ("N", "true", ["A"]), ("S", "git rm -q --cached kept.txt", ["N"]));

        var result = await OrchestratorCli.RunProcessAsync(_repo.Repo.Root, _repo.Args("-c", "2", "--retries=0", "--target=ParallelExecution"),
            null, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["GIT_TRACE2_EVENT"] = trace });

        result.ExitCode.Should().Be(0, result.ToString());
        var tasks = _repo.Tasks();
        ((bool)tasks["N"]["no_changes"]!).Should().BeTrue();
        ((JArray)tasks["S"]["changed_files"]!).Should().BeEmpty("git add --all stages the file back");
        var diffs = Started(trace).Where(e => e.Command == "diff").Select(e => e.WorkTree).ToList();
        diffs.Should().NotContain(w => w.EndsWith("/N"), "N's index is byte for byte as its checkout wrote it");
        diffs.Should().Contain(w => w.EndsWith("/S"), "S's agent changed the index");
    }

    /// <summary>Every git process started (git's own too): its command, and the work tree it was pinned to ("" if none).</summary>
    private static List<(string? Command, string WorkTree)> Started(string trace) =>
        File.ReadLines(trace).Select(JObject.Parse).Where(e => (string)e["event"]! == "start")
            .Select(e => e["argv"]!.Select(a => (string)a!).Skip(1).ToList())
            .Select(argv => (argv.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=')),
                argv.FirstOrDefault(a => a.StartsWith("--work-tree=", StringComparison.Ordinal))?["--work-tree=".Length..] ?? ""))
            .ToList();

    public void Dispose() => _repo.Dispose();
}
