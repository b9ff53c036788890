using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Reporting;

/// <summary>The live view on a real terminal: the program run in a pseudo-terminal by util-linux's <c>script</c>.</summary>
public sealed partial class LiveViewTests
{
    [Fact]
    public async Task On_a_terminal_the_live_view_shows_the_running_tasks_and_Ctrl_C_stops_the_run()
    {
        using var plan = new WatchedPlan(slowSeconds: 120);
        var host = string.Join(' ', new[] { "dotnet", OrchestratorCli.HostDll }.Concat(plan.Args("--retries=0")).Select(Quoted));
        var info = new ProcessStartInfo("script")
        {
            WorkingDirectory = plan.Repo.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--quiet", "--return", "--flush", "--command", $"stty cols 120 rows 40; exec {host}", "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        info.Environment.Remove("GITHUB_ACTIONS");
        using var script = Process.Start(info)!;
        var screen = new StringBuilder();
        var reading = ReadAllAsync(script.StandardOutput, screen);
        try
        {
            await WaitForAsync(screen, @"(?m)^T1\s+running\s+command\s+[\d.]+ m?s\s+writing alpha", TimeSpan.FromMinutes(2));
            Plain(screen).Should().MatchRegex(@"ParallelExecution [^\n]*│ [^\n]*[12] running", "the footer counts the tasks by status");

            await script.StandardInput.WriteAsync('\u0003');
            await script.StandardInput.FlushAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await script.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the run did not stop within a minute of Ctrl-C:\n{Plain(screen)}");
            }

            await reading;
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }
        }

        var shown = Plain(screen);
        script.ExitCode.Should().Be(130, shown);
        shown.Should().Contain("error: cancelled; run again with --resume").And.MatchRegex(@"Run \S+ stopped");
        shown.Should().MatchRegex(@"(?m)^T1\s+cancelled", "the last picture shows how the task ended");
    }

    private static async Task WaitForAsync(StringBuilder screen, string pattern, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!Regex.IsMatch(Plain(screen), pattern))
        {
            watch.Elapsed.Should().BeLessThan(limit, $"the screen should show /{pattern}/ by now:\n{Plain(screen)}");
            await Task.Delay(100);
        }
    }

    private static async Task ReadAllAsync(StreamReader output, StringBuilder screen)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await output.ReadAsync(buffer)) > 0)
        {
            lock (screen)
            {
                screen.Append(buffer, 0, read);
            }
        }
    }

    /// <summary>Everything the terminal was shown, frame after frame: escape sequences removed, a carriage return as a new line.</summary>
    private static string Plain(StringBuilder screen)
    {
        string text;
        lock (screen)
        {
            text = screen.ToString();
        }

        return Escapes().Replace(text, "").Replace("\r\n", "\n").Replace('\r', '\n');
    }

    private static string Quoted(string word) => "'" + word.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|.)")]
    private static partial Regex Escapes();
}
