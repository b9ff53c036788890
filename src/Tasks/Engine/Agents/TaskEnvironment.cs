using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// How a command line runs for a task (the <c>command</c> agent, a task's <c>check</c>): through the shell, in the
/// task's worktree, within the task's time limit, its output in the task's log, and the task known to it only as
/// environment variables: ORCH_RUN_ID, ORCH_TASK_ID, ORCH_TASK_DESCRIPTION, ORCH_PROMPT_FILE, ORCH_WORKTREE.
/// </summary>
public static class TaskEnvironment
{
    public static IReadOnlyDictionary<string, string?> For(AgentInvocation invocation) => new Dictionary<string, string?>
    {
        ["ORCH_RUN_ID"] = invocation.RunId,
        ["ORCH_TASK_ID"] = invocation.TaskId,
        ["ORCH_TASK_DESCRIPTION"] = invocation.Description,
        ["ORCH_PROMPT_FILE"] = invocation.PromptFile,
        [TaskProcesses.MarkerName] = TaskProcesses.MarkerValue(invocation.Worktree),
    };

    /// <summary>Runs <paramref name="commandLine"/> for the task; null when the shell itself cannot be started (said in the log).</summary>
    public static async Task<ProcessResult?> RunAsync(string commandLine, AgentInvocation invocation, TaskLog log, CancellationToken cancellation)
    {
        log.Write("orchestrator", $"run {ShellCommand.Describe(commandLine)} in {invocation.Worktree}");
        var spec = ShellCommand.For(commandLine) with
        {
            WorkingDirectory = invocation.Worktree,
            Timeout = invocation.Timeout,
            Environment = For(invocation),
            OnOutputLine = line => log.Write("stdout", line),
            OnErrorLine = line => log.Write("stderr", line),
        };
        try
        {
            var result = await ChildProcess.RunAsync(spec, cancellation);
            log.Write("orchestrator", $"exit {result.ExitCode} after {result.Duration.TotalSeconds:0.0}s");
            return result;
        }
        catch (ProcessStartException ex)
        {
            log.Write("orchestrator", ex.Message);
            return null;
        }
    }
}
