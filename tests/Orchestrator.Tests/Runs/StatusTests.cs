using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

public sealed class StatusTests : IDisposable
{
    private readonly SavedRunRepo _repo = new();

    [Fact]
    public void Status_shows_a_running_phase_as_running_with_task_counts()
    {
        using var host = _repo.Exec.Start(_repo.NewRunArgs());
        _repo.Exec.WaitForJournal(e => (string)e["task"]! == "T2" && (string)e["status"]! == "running", host: host.Process);
        _repo.Exec.WaitForJournal(e => (string)e["task"]! == "T1" && (string)e["status"]! == "completed", host: host.Process);

        var status = OrchestratorCli.Run(_repo.Exec.Repo.Root, ["--target=Status", "--artifacts", _repo.Artifacts]);

        _repo.ReleaseT2();
        status.ExitCode.Should().Be(0, status.ToString());
        status.StandardOutput.Should().Contain(": running");
        status.StandardOutput.Should().MatchRegex(@"phase ParallelExecution\s+running");
        status.StandardOutput.Should().Contain("tasks: 1 completed").And.Contain("1 running");
        status.StandardOutput.Should().NotContain("in progress (0 ms)");
        host.WaitForExit().Should().Be(0, host.Output);
    }

    [Fact]
    public void Status_with_no_saved_run_says_so()
    {
        var status = OrchestratorCli.Run(_repo.Exec.Repo.Root, ["--target=Status", "--artifacts", _repo.Artifacts]);

        status.ExitCode.Should().Be(2, status.ToString());
        status.StandardError.Should().Contain("no saved run");
    }

    public void Dispose() => _repo.Dispose();
}
