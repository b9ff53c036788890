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
        var started = File.ReadLines(trace).Select(JObject.Parse).Where(e => (string)e["event"]! == "start")
            .Select(e => e["argv"]!.Select(a => (string)a!).Skip(1).Where(a => !a.StartsWith('-') && !a.Contains('=')).FirstOrDefault())
            .ToList();
        started.Count(command => command == "commit").Should().Be(3, "one commit a task");
        started.Count(command => command == "maintenance").Should().Be(1, "once for the phase, not after every commit");
    }

    public void Dispose() => _repo.Dispose();
}
