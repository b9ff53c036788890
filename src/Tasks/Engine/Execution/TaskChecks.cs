using Orchestrator.Agents;
using Orchestrator.Plans;
using Orchestrator.Runs;

namespace Orchestrator.Execution;

/// <summary>
/// The checks the orchestrator itself runs on a task's work after its agent and before committing: <c>--task-check-command</c>
/// for every task, then the task's own <c>check</c>. Each runs like the <c>command</c> agent (<see cref="TaskEnvironment"/>);
/// the first that fails fails the task, with its output's tail as the task's error. An agent's word that it succeeded is
/// not taken for it.
/// </summary>
internal static class TaskChecks
{
    private const int TailLines = 20;

    public static IReadOnlyList<string> For(PlanTask task, RunSettings settings) =>
        new[] { settings.TaskCheckCommand, task.Check }.OfType<string>().Where(c => c.Trim().Length > 0).ToList();

    /// <summary>Null when every check passed; else why the first failing one failed.</summary>
    public static async Task<string?> RunAsync(
        IReadOnlyList<string> checks, AgentInvocation invocation, CancellationToken cancellation, string what = "check")
    {
        using var log = new TaskLog(invocation.LogPath, invocation.MaxLogBytes, invocation.OnLogLine);
        foreach (var check in checks)
        {
            var result = await TaskEnvironment.RunAsync(check, invocation, log, cancellation);
            if (result is null)
            {
                return $"{what} '{check}' could not be started";
            }

            if (!result.Succeeded)
            {
                var why = result.TimedOut ? "timed out" : result.Cancelled ? "was cancelled" : $"failed (exit {result.ExitCode})";
                var tail = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(TailLines);
                var error = $"{what} '{check}' {why}: {string.Join('\n', tail).Trim()}".Trim();
                log.Write("orchestrator", error);
                return log.Redact(error);
            }
        }

        return null;
    }
}
