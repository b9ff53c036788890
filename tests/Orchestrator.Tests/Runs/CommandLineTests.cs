using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

/// <summary>The command line, finished: usage, checks before anything runs, and a closing line that says what happened.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly SmallPlan _plan = new();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_prints_usage_and_runs_nothing(string flag)
    {
        var result = OrchestratorCli.Run(_plan.Repo.Root, [flag]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("Usage:").And.Contain("ParallelExecution").And.Contain("--resume")
            .And.Contain("Choosing phases").And.Contain("Merge and tests").And.Contain("Examples:");
        Directory.Exists(Path.Combine(_plan.Repo.Root, "artifacts")).Should().BeFalse("--help touches nothing, not even the sample");
    }

    [Fact]
    public void Version_prints_the_version_and_runs_nothing()
    {
        var result = OrchestratorCli.Run(_plan.Repo.Root, ["--version"]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
        Directory.Exists(Path.Combine(_plan.Repo.Root, "artifacts")).Should().BeFalse();
    }

    [Fact]
    public void An_unknown_agent_is_refused_before_any_phase_and_nothing_is_written()
    {
        var result = _plan.Run("--agent=nosuch");

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().Be("error: --agent: unknown agent 'nosuch' (known: command, claude, codex, gemini, copilot, cursor, aider, opencode, amp, manual)");
        Directory.Exists(_plan.Repo.Artifacts).Should().BeFalse("nothing is written for bad input");
    }

    [Fact]
    public void A_test_command_whose_program_does_not_exist_is_refused_before_any_phase()
    {
        var result = OrchestratorCli.Run(_plan.Repo.Root, [
            "--repo-path", _plan.Repo.RepoPath, "--plan", _plan.PlanPath, "--artifacts", _plan.Repo.Artifacts,
            "--test-command", "no-such-test-runner --all",
        ]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("--test-command: 'no-such-test-runner' was not found");
        Directory.Exists(_plan.Repo.Artifacts).Should().BeFalse();
    }

    [Fact]
    public void A_failed_task_is_named_on_the_last_line_and_its_phase_is_not_reported_succeeded()
    {
        var plan = _plan.Repo.WriteScratch("failing.json", File.ReadAllText(_plan.PlanPath).Replace("sh -c 'echo beta > b.txt'", "sh -c 'exit 3'"));

        var result = OrchestratorCli.Run(_plan.Repo.Root, [.. _plan.ArgsWithoutPlan("--plan", plan, "--retries=0")]);

        result.ExitCode.Should().Be(1, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[^1].Should().Contain("1 of 3 tasks merged").And.Contain("failed: T2").And.Contain("blocked: T3")
            .And.Contain($"orchestrator/{_plan.State()["run_id"]}/integration");
        lines.Should().Contain(l => l.Contains("ParallelExecution") && l.Contains("Failed"), "Cake's report shows the phase failed");
        lines.Should().NotContain(l => l.Contains("ParallelExecution") && l.Contains("Succeeded"));
    }

    [Fact]
    public void A_successful_run_says_so_on_its_last_line()
    {
        var result = _plan.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]
            .Should().Contain("done").And.Contain("3 of 3 tasks merged").And.Contain("tests passed").And.Contain(_plan.Repo.RepoPath);
    }

    [Fact]
    public void Cleanup_reaches_an_older_run_and_keeps_its_result_unless_asked()
    {
        _plan.Run().ExitCode.Should().Be(0);
        var older = _plan.State()["run_id"]!.ToString();
        _plan.Run("--target=ParallelExecution").ExitCode.Should().Be(0);
        var latest = _plan.State()["run_id"]!.ToString();
        older.Should().NotBe(latest);

        var result = OrchestratorCli.Run(_plan.Repo.Root, ["--target=Cleanup", $"--run={older}", "--all", "--artifacts", _plan.Repo.Artifacts]);

        result.ExitCode.Should().Be(0, result.ToString());
        var branches = _plan.Repo.Git("branch", "--list", "orchestrator/*", "--format=%(refname:short)").Split('\n');
        branches.Should().Contain($"orchestrator/{older}/integration", "the result is kept without --include-result");
        branches.Should().NotContain($"orchestrator/{older}/T1");
        branches.Should().Contain($"orchestrator/{latest}/T1", "the latest run is left alone");

        OrchestratorCli.Run(_plan.Repo.Root, ["--target=Cleanup", $"--run={older}", "--all", "--include-result", "--artifacts", _plan.Repo.Artifacts])
            .ExitCode.Should().Be(0);
        _plan.Repo.Git("branch", "--list", $"orchestrator/{older}/*").Should().BeEmpty();
    }

    [Fact]
    public void Cleanup_of_runs_older_than_some_days_leaves_recent_ones()
    {
        _plan.Run("--target=ParallelExecution").ExitCode.Should().Be(0);

        var result = OrchestratorCli.Run(_plan.Repo.Root, ["--target=Cleanup", "--older-than=1", "--artifacts", _plan.Repo.Artifacts]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("No run idle for more than 1 days");
        _plan.Repo.Git("branch", "--list", "orchestrator/*").Split('\n').Should().HaveCount(3, "the recent run's three task branches stay");
    }

    public void Dispose() => _plan.Dispose();
}
