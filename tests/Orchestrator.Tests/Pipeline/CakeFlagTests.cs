using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Pipeline;

/// <summary>Cake's own flags work on the pipeline because Cake's engine and script hosts run it.</summary>
public sealed class CakeFlagTests : IDisposable
{
    private readonly SmallPlan _plan = new();

    [Fact]
    public void The_tree_shows_the_six_phases_in_dependency_order()
    {
        var result = _plan.Run("--tree");

        result.ExitCode.Should().Be(0, result.ToString());
        var phases = new[] { "Merge", "ParallelExecution", "ContextFiltering", "Planning", "QuorumValidation", "ContextGathering" };
        var positions = phases.Select(p => result.StandardOutput.IndexOf(p, StringComparison.Ordinal)).ToList();
        positions.Should().NotContain(-1).And.BeInAscendingOrder();
        Directory.Exists(_plan.StateDirectory).Should().BeFalse("--tree runs nothing");
    }

    [Fact]
    public void The_description_lists_every_target()
    {
        var result = _plan.Run("--description");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("Phase 4: run agents").And.Contain("Status").And.Contain("Cleanup");
    }

    [Fact]
    public void A_dry_run_names_the_phases_it_would_run_and_runs_none()
    {
        var result = _plan.Run("--dryrun", "--target=Planning");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("ContextGathering").And.Contain("Planning").And.NotContain("ParallelExecution");
        Directory.Exists(_plan.StateDirectory).Should().BeFalse();
    }

    [Fact]
    public void Exclusive_runs_the_target_without_its_dependencies()
    {
        _plan.Run("--stop-after-phase=2").ExitCode.Should().Be(0);
        File.Delete(Path.Combine(_plan.StateDirectory, "00-ContextGathering.json"));

        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--target=ContextFiltering", "--exclusive"));

        result.ExitCode.Should().Be(0, result.ToString());
        _plan.PhaseFiles().Should().Equal("01-QuorumValidation.json", "02-Planning.json", "03-ContextFiltering.json");
    }

    [Fact]
    public void Status_shows_the_latest_run_and_cleanup_removes_its_worktrees_and_branches()
    {
        // T2 fails: its worktree is kept for a look (the completed T1's is removed once its commit exists).
        var failing = _plan.Repo.WriteScratch("failing.json", File.ReadAllText(_plan.PlanPath).Replace("sh -c 'echo beta > b.txt'", "sh -c 'exit 3'"));
        OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--plan", failing, "--retries=0", "--stop-after-phase=4")).ExitCode.Should().Be(1);
        _plan.Repo.Git("worktree", "list").Split('\n').Should().HaveCount(2);

        var status = OrchestratorCli.Run(_plan.Repo.Root, ["--target=Status", "--artifacts", _plan.Repo.Artifacts]);
        status.ExitCode.Should().Be(0, status.ToString());
        status.StandardOutput.Should().Contain("T1").And.Contain("completed").And.Contain("failed").And.Contain("1 worktree");

        var cleanup = OrchestratorCli.Run(_plan.Repo.Root, ["--target=Cleanup", "--all", "--artifacts", _plan.Repo.Artifacts]);
        cleanup.ExitCode.Should().Be(0, cleanup.ToString());
        _plan.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle();
        _plan.Repo.Git("branch", "--list", "orchestrator/*").Should().BeEmpty();
    }

    public void Dispose() => _plan.Dispose();
}
