using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

public sealed class RunLockTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("lock");
    private readonly ExecutionRepo _other = new("lock2");

    [Fact]
    public void A_second_run_on_the_same_repository_or_artifacts_is_refused_while_the_first_runs()
    {
        var release = Path.Combine(_repo.Scratch, "release");
        _repo.WithTasks(("T1", _repo.Script("wait.sh", $"while [ ! -f {release} ]; do sleep 0.1; done\n"), []));
        _other.WithTasks(("T1", "true", []));
        using var first = _repo.Start(_repo.Args("--target=ParallelExecution"));
        _repo.WaitForJournal(e => (string)e["status"]! == "running", host: first.Process);

        var sameRepository = OrchestratorCli.Run(_repo.Repo.Root, ["--repo-path", _repo.Repo.RepoPath, "--plan", _repo.PlanPath,
            "--artifacts", Path.Combine(_repo.Repo.Root, "other-artifacts")]);
        var sameArtifacts = OrchestratorCli.Run(_repo.Repo.Root, ["--repo-path", _other.Repo.RepoPath, "--plan", _other.PlanPath,
            "--artifacts", _repo.Repo.Artifacts]);
        File.WriteAllText(release, "");

        sameRepository.ExitCode.Should().Be(2, sameRepository.ToString());
        sameRepository.StandardError.Trim().Should().StartWith("error: another orchestrator run is using the repository").And.NotContain("\n");
        sameArtifacts.ExitCode.Should().Be(2, sameArtifacts.ToString());
        sameArtifacts.StandardError.Should().Contain("another orchestrator run is using the artifacts folder");
        first.WaitForExit().Should().Be(0, first.Output);
    }

    [Fact]
    public void A_killed_run_leaves_no_lock_behind()
    {
        var release = Path.Combine(_repo.Scratch, "release");
        _repo.WithTasks(("T1", _repo.Script("wait.sh", $"while [ ! -f {release} ]; do sleep 0.1; done\n"), []));
        using (var first = _repo.Start(_repo.Args()))
        {
            _repo.WaitForJournal(e => (string)e["status"]! == "running", host: first.Process);
            first.Process.Kill();
            first.Process.WaitForExit();
        }

        File.WriteAllText(release, "");
        var result = _repo.Resume();

        result.ExitCode.Should().Be(0, result.ToString());
    }

    public void Dispose()
    {
        _repo.Dispose();
        _other.Dispose();
    }
}
