namespace Orchestrator.Tests.Reporting;

/// <summary>A run as a CI step: GitHub Actions' log groups, annotations, step summary and outputs; heartbeats in any log.</summary>
public sealed class CiPipelineTests
{
    [Fact]
    public async Task In_GitHub_Actions_a_run_groups_its_phases_annotates_the_failed_task_and_writes_its_summary_and_outputs()
    {
        using var plan = new WatchedPlan();
        var (summaryFile, outputFile) = (plan.Repo.WriteScratch("summary.md", ""), plan.Repo.WriteScratch("output.txt", ""));

        var result = await plan.RunAsync(new Dictionary<string, string>
        {
            ["CI"] = "true",
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["GITHUB_OUTPUT"] = outputFile,
        });

        result.ExitCode.Should().Be(1, result.ToString());
        var log = result.StandardOutput;
        log.Should().Contain("::group::Phase 0: ContextGathering").And.Contain("::group::Phase 4: ParallelExecution").And.Contain("::group::Phase 5: Merge");
        CountOf(log, "::group::").Should().Be(CountOf(log, "::endgroup::"), "every group is closed");
        log.Should().Contain("::group::T2: last 40 lines of T2.log").And.Contain("T2 went wrong");
        log.Should().MatchRegex(@"(?m)^::error title=Task T2 failed::exit code 3");
        log.Should().NotContain("::error title=Task T1").And.NotContain("::error title=Task T3");

        var summary = File.ReadAllText(summaryFile);
        foreach (var task in new[] { "T1", "T2", "T3" })
        {
            summary.Should().MatchRegex($@"(?m)^\| {task} \|", $"the summary's table names {task}");
        }

        summary.Should().Contain("| 4 | ParallelExecution | failed |").And.Contain("Tests (");
        var outputs = File.ReadAllLines(outputFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var runId = plan.RunId();
        outputs.Should().Contain("success", "false").And.Contain("run_id", runId).And.Contain("tasks_failed", "T2")
            .And.Contain("tasks_merged", "2").And.Contain("integration_branch", $"orchestrator/{runId}/integration").And.Contain("cost_usd", "0");
        outputs["integration_head"].Should().Be(plan.Repo.Git("rev-parse", $"orchestrator/{runId}/integration").Trim());
    }

    [Fact]
    public async Task Outside_GitHub_Actions_a_run_writes_no_groups_annotations_summary_or_outputs()
    {
        using var plan = new WatchedPlan();
        var (summaryFile, outputFile) = (plan.Repo.WriteScratch("summary.md", ""), plan.Repo.WriteScratch("output.txt", ""));

        var result = await plan.RunAsync(new Dictionary<string, string>
        {
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["GITHUB_OUTPUT"] = outputFile,
        });

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().Contain("T2 failed").And.NotContain("::group::").And.NotContain("::endgroup::").And.NotContain("::error");
        File.ReadAllText(summaryFile).Should().BeEmpty();
        File.ReadAllText(outputFile).Should().BeEmpty();
    }

    [Fact]
    public async Task A_long_task_in_a_log_that_is_not_a_terminal_gets_heartbeats_naming_it()
    {
        using var plan = new WatchedPlan(slowSeconds: 4);

        var result = await plan.RunAsync(null, "--heartbeat=1");

        var beats = result.StandardOutput.Split('\n').Where(l => l.Contains("heartbeat: ParallelExecution", StringComparison.Ordinal)).ToList();
        beats.Should().Contain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d heartbeat: .*running T1 \("), result.ToString());
        result.StandardOutput.Should().NotContain("\u001b[", "a log that is not a terminal gets no ANSI codes");
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
