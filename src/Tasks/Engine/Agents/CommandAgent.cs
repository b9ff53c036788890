using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Runs a command line as the agent: <c>--agent-command</c> or the task's own <c>command</c>, through the shell
/// (<see cref="ShellCommand"/>) in the worktree, with the task given only through ORCH_* environment variables and the
/// prompt file (<see cref="TaskEnvironment"/>): the task's text is never part of the line the shell reads.
/// </summary>
public sealed class CommandAgent(string? agentCommand) : IAgent
{
    public string Name => "command";

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        var commandText = invocation.TaskCommand ?? agentCommand
            ?? throw new InputException($"task {invocation.TaskId}: the command agent needs --agent-command or a \"command\" in the plan");
        using var log = new TaskLog(invocation.LogPath, invocation.MaxLogBytes, invocation.OnLogLine);
        var result = await TaskEnvironment.RunAsync(commandText, invocation, log, cancellation);
        if (result is null)
        {
            return new AgentResult(false, null, $"cannot start {ShellCommand.Shell}");
        }

        var error = result switch
        {
            { TimedOut: true } => $"timed out after {invocation.Timeout!.Value.TotalSeconds:0.#}s",
            { Cancelled: true } => "cancelled",
            { ExitCode: not 0 } => $"exit code {result.ExitCode}: {LastLine(result.StandardError) ?? LastLine(result.StandardOutput)}",
            _ => null,
        };
        return new AgentResult(result.Succeeded, result.ExitCode, log.Redact(error))
        {
            TimedOut = result.TimedOut,
            Cancelled = result.Cancelled,
            ResultText = result.StandardOutput,
        };
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
