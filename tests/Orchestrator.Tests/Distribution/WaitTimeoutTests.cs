using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Distribution;

/// <summary>A worker's wait for a dependency another machine runs is bounded by --wait-timeout.</summary>
public sealed class WaitTimeoutTests
{
    [Fact]
    public async Task A_task_whose_dependency_never_reaches_the_remote_fails_after_the_wait_timeout_and_says_so()
    {
        using var remote = new SharedRemote("""
            { "tasks": [ { "id": "T1", "description": "one" }, { "id": "T2", "description": "two", "depends_on": ["T1"] } ] }
            """);
        var planner = remote.Clone("planner");
        var planning = await OrchestratorCli.RunAsync(remote.Root, [
            .. remote.MachineArgs("planner"), "--target=Planning", "--run-id=w1", "--plan", Path.Combine(planner, "plan.json"),
            "--agent-command=true", "--retries=0"]);
        planning.ExitCode.Should().Be(0, planning.ToString());
        remote.Clone("worker");

        var worker = await OrchestratorCli.RunAsync(remote.Root, [
            "--only-phase=ParallelExecution", "--run-id=w1", .. remote.MachineArgs("worker"), "--tasks=T2", "--wait-timeout=1"]);

        worker.ExitCode.Should().Be(1, worker.ToString());
        worker.Output.Should().Contain("T2 failed: waited 1s (--wait-timeout) for T1 to reach origin");
        remote.RemoteGit("cat-file", "blob", "refs/orchestrator/w1/journal/T2:record.json").Should().Contain("\"status\": \"failed\"");
    }
}
