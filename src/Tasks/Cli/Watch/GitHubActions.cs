using System.Globalization;
using Orchestrator.Reporting;
using Orchestrator.Runs;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// A run as a GitHub Actions step (<c>GITHUB_ACTIONS=true</c>): a log group per phase and per failed task's log tail,
/// an error annotation per task that failed, timed out, conflicted or failed the tests, the run summed up in
/// <c>$GITHUB_STEP_SUMMARY</c> and its result in <c>$GITHUB_OUTPUT</c>.
/// </summary>
internal sealed class GitHubActions(TextWriter output, IReadOnlyDictionary<string, string> environment) : IRunEvents
{
    public const int LogTailLines = 40;

    public static bool IsOn(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("GITHUB_ACTIONS", out var value) && value == "true";

    public void Publish(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case PhaseStarted started:
                output.WriteLine($"::group::Phase {started.Number}: {started.Phase}");
                break;
            case PhaseEnded:
                output.WriteLine("::endgroup::");
                break;
        }
    }

    /// <summary>What the run came to: annotations and log tails on the log, then the summary and outputs files.</summary>
    public void Finish(RunPicture run)
    {
        foreach (var task in run.FailedTasks.Where(t => t.Status is not ("cancelled" or "blocked")))
        {
            var what = task.Status switch { "timeout" => "timed out", "conflict" => "conflicted", "test_failed" => "failed the tests", _ => "failed" };
            var detail = task.Status == "conflict" && run.Merge?.Conflicts.FirstOrDefault(c => c.Task == task.Id) is { } conflict
                ? $"conflict in {string.Join(", ", conflict.Paths)}" : task.Error ?? task.Description;
            if (task.LogPath is { } log && File.Exists(log))
            {
                WriteLogTail(task.Id, log);
            }

            output.WriteLine($"::error title={Property($"Task {task.Id} {what}")}::{Data(detail)}");
        }

        Append("GITHUB_STEP_SUMMARY", StepSummary.Render(run));
        var cost = run.Usage?.CostUsd ?? 0;
        Append("GITHUB_OUTPUT", string.Join('\n',
            $"success={(run.Success ? "true" : "false")}",
            $"run_id={run.RunId}",
            $"integration_branch={run.Merge?.IntegrationBranch}",
            $"integration_head={run.Merge?.IntegrationHead}",
            $"tasks_merged={run.Tasks.Count(t => t.Status == "merged")}",
            $"tasks_failed={string.Join(',', run.FailedTasks.Select(t => t.Id))}",
            $"cost_usd={cost.ToString("0.######", CultureInfo.InvariantCulture)}") + "\n");
    }

    /// <summary>The log's last lines in a group; what the agent printed cannot act as a workflow command.</summary>
    private void WriteLogTail(string task, string log)
    {
        var token = Guid.NewGuid().ToString("N");
        output.WriteLine($"::group::{task}: last {LogTailLines} lines of {Path.GetFileName(log)}");
        output.WriteLine($"::stop-commands::{token}");
        foreach (var line in File.ReadLines(log).TakeLast(LogTailLines))
        {
            output.WriteLine(line);
        }

        output.WriteLine($"::{token}::");
        output.WriteLine("::endgroup::");
    }

    private void Append(string variable, string text)
    {
        if (environment.TryGetValue(variable, out var path) && path.Length > 0)
        {
            File.AppendAllText(path, text);
        }
    }

    private static string Data(string text) => text.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    private static string Property(string text) => Data(text).Replace(":", "%3A").Replace(",", "%2C");
}
