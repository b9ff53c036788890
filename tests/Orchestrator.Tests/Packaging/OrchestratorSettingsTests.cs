using Cake.Orchestrator;
using Orchestrator.Cli;
using Orchestrator.Pipeline;
using Orchestrator.Runs;

namespace Orchestrator.Tests.Packaging;

/// <summary>The addin's settings become the same request the command line makes from its flags.</summary>
public sealed class OrchestratorSettingsTests
{
    private static readonly IReadOnlyList<PhaseDeclaration> Phases = [.. PhaseCatalog.Standard().Select(p => p.Declaration)];

    [Fact]
    public void The_settings_a_build_sets_are_the_ones_given_and_its_paths_resolve_against_its_working_directory()
    {
        var settings = new OrchestratorSettings().WithPlan("specs/tasks.md").WithMaxConcurrent(2).WithTimeout(TimeSpan.FromSeconds(90))
            .WithSkipPhases("1");

        var request = OrchestratorRequest.From(settings, "/home/me/app", Phases, target: null);

        request.Given.Should().BeEquivalentTo("plan_path", "max_concurrent", "timeout_seconds", "skip_phases");
        request.Settings.PlanPath.Should().Be("/home/me/app/specs/tasks.md");
        request.Settings.RepoPath.Should().Be("/home/me/app", "a new run works on the build's own folder unless told otherwise");
        request.ArtifactsPath.Should().Be("/home/me/app/artifacts");
        request.Settings.TimeoutSeconds.Should().Be(90);
        request.Settings.SkipPhases.Should().Equal("QuorumValidation");
        request.Settings.Retries.Should().Be(1, "an unset setting takes the command line's default");
        request.Target.Should().Be(Targets.Default);
    }

    [Fact]
    public void Every_flag_that_shapes_a_run_has_a_setting()
    {
        var everything = new OrchestratorSettings()
            .WithRepoPath("repo").WithPlan("plan.json").WithPrompt("p").WithAgent("claude").WithAgentCommand("a").WithAgentPath("b")
            .WithAgentArgs("c").WithAgentModel("d").WithContextBudget(1).WithQuorumRetries(0).WithQuorumAgents("codex")
            .WithMaxConcurrent(1).WithTimeout(TimeSpan.FromSeconds(1)).WithRetries(0).WithRetryDelay(TimeSpan.Zero)
            .WithTaskCheckCommand("true").WithRequireChanges().WithMaxLogBytes(1000)
            .WithRateLimitWait(TimeSpan.FromSeconds(5)).WithSetupCommand("true").WithSetupTimeout(TimeSpan.FromSeconds(5))
            .WithCopyIgnored(".env").WithSparse().WithMaxCostUsd(1m).WithMaxTokens(1000).WithTaskMaxTurns(5)
            .WithTestCommand("true").WithTestTimeout(TimeSpan.FromSeconds(1)).WithMergeStrategy(MergeStrategy.Each)
            .WithOnConflict(ConflictPolicy.RetrySequential).WithMergeInto("main").WithSkipPhases("0")
            .WithRemote("origin").WithWaitTimeout(TimeSpan.FromSeconds(5));

        var request = OrchestratorRequest.From(everything, "/tmp", Phases, target: null);

        request.Given.Should().BeEquivalentTo(new Flags().Every.Select(f => f.Setting).OfType<string>());
    }

    [Theory]
    [InlineData("MaxConcurrent", "MaxConcurrent: expected a whole number of 1 or more, got 0")]
    [InlineData("SkipPhases", "SkipPhases: unknown phase 'Deploy' (0-5 or ContextGathering, QuorumValidation, Planning, ContextFiltering, ParallelExecution, Merge)")]
    [InlineData("IncludeResult", "IncludeResult: only with All (it deletes the integration branch too)")]
    [InlineData("Target", "Target: unknown phase 'Deploy' (0-5 or ContextGathering, QuorumValidation, Planning, ContextFiltering, ParallelExecution, Merge)")]
    public void A_bad_setting_is_one_line_naming_it(string setting, string message)
    {
        var settings = setting switch
        {
            "MaxConcurrent" => new OrchestratorSettings().WithMaxConcurrent(0),
            "SkipPhases" => new OrchestratorSettings().WithSkipPhases("Deploy"),
            "Target" => new OrchestratorSettings().WithTarget("Deploy"),
            _ => new OrchestratorSettings().WithIncludeResult(),
        };

        var mistake = () => OrchestratorRequest.From(settings, "/tmp", Phases, target: null);

        mistake.Should().Throw<InputException>().WithMessage(message);
    }
}
