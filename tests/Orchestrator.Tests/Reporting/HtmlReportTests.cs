using System.Diagnostics;
using System.Text.RegularExpressions;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Reporting;

/// <summary>
/// The HTML report, opened in a real browser (Debian's headless chromium, which test.sh installs). Its screenshots are
/// kept in the test output folder, TestResults/report-desktop.png and report-phone.png.
/// </summary>
public sealed class HtmlReportTests
{
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "TestResults");

    [Fact]
    public async Task The_report_shows_a_bar_per_attempt_and_a_row_per_task_in_a_browser()
    {
        using var plan = new WatchedPlan();
        var result = await plan.RunAsync();
        result.ExitCode.Should().Be(1, result.ToString());
        var runId = plan.RunId();
        File.Exists(Path.Combine(plan.Repo.Artifacts, "reports", runId + ".html")).Should().BeTrue();

        var dom = await ChromiumAsync("--dump-dom", $"file://{plan.ReportPath}");

        dom.Should().Contain($"Run {runId}").And.Contain("FAILED");
        foreach (var task in new[] { "T1", "T2", "T3" })
        {
            dom.Should().MatchRegex($"<tr data-task=\"{task}\">", $"the task table has a row for {task}");
        }

        BarsOf(dom, "T1").Should().Equal("completed");
        BarsOf(dom, "T2").Should().Equal(["failed", "failed"], "T2 failed, was retried once, and failed again");
        dom.Should().Contain("<svg class=\"concurrency\"").And.Contain("<a href=\"logs/" + runId + "/T2.log\">log</a>");
        dom.Should().NotContain("<img", "task text is escaped, never markup").And.Contain("&lt;img src=x onerror=alert(1)&gt;");
        Directory.CreateDirectory(ScreenshotFolder);
        foreach (var (name, size) in new[] { ("desktop", "1280,1800"), ("phone", "390,2400") })
        {
            var png = Path.Combine(ScreenshotFolder, $"report-{name}.png");
            File.Delete(png);
            await ChromiumAsync($"--screenshot={png}", $"--window-size={size}", $"file://{plan.ReportPath}");
            new FileInfo(png).Length.Should().BeGreaterThan(10_000, $"the {name} screenshot shows the report");
        }
    }

    [Fact]
    public async Task The_Report_target_makes_the_report_again_from_the_saved_run()
    {
        using var plan = new WatchedPlan();
        (await plan.RunAsync()).ExitCode.Should().Be(1);
        var own = Path.Combine(plan.Repo.Artifacts, "reports", plan.RunId() + ".html");
        File.Delete(own);
        File.Delete(plan.ReportPath);

        var result = OrchestratorCli.Run(plan.Repo.Root, ["--target=Report", "--artifacts", plan.Repo.Artifacts]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain($"Report: {own}");
        File.ReadAllText(plan.ReportPath).Should().Contain("data-task=\"T2\"").And.Contain("class=\"bar s-failed");
        File.ReadAllText(own).Should().Contain($"<a href=\"../logs/{plan.RunId()}/T1.log\">log</a>");
    }

    [Fact]
    public void The_Report_target_without_a_saved_run_says_so()
    {
        using var repo = new TempRepo("no-run");

        var result = OrchestratorCli.Run(repo.Root, ["--target=Report", "--artifacts", repo.Artifacts]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("error: Report: no saved run in");
    }

    /// <summary>The outcome of each of the task's bars on the timeline, in order.</summary>
    private static List<string> BarsOf(string dom, string task)
    {
        var row = Regex.Match(dom, $"<div class=\"row\" data-task=\"{task}\">(.*?)</div></div>", RegexOptions.Singleline);
        row.Success.Should().BeTrue($"the timeline has a row for {task}");
        return Regex.Matches(row.Groups[1].Value, "class=\"bar [^\"]*\" data-outcome=\"([a-z_]+)\"").Select(m => m.Groups[1].Value).ToList();
    }

    private static async Task<string> ChromiumAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("orch-chromium-").FullName;
        var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start (test.sh installs it)");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(deadline.Token);
            process.ExitCode.Should().Be(0, await error);
            return await output;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
