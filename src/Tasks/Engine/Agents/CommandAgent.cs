using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Runs any program as the agent: <c>--agent-command</c> or the task's own <c>command</c>, in the worktree, with the
/// task given through ORCH_* environment variables.
/// </summary>
public sealed class CommandAgent(string? agentCommand) : IAgent
{
    public string Name => "command";

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        var commandText = invocation.TaskCommand ?? agentCommand
            ?? throw new InputException($"task {invocation.TaskId}: the command agent needs --agent-command or a \"command\" in the plan");
        var argv = CommandLine.Split(commandText, invocation.TaskCommand is null ? "--agent-command" : $"task {invocation.TaskId} command");
        using var log = new TaskLog(invocation.LogPath, invocation.OnLogLine);
        log.Write("orchestrator", $"run {new ProcessSpec(argv[0], argv.Skip(1).ToList())} in {invocation.Worktree}");
        var spec = new ProcessSpec(argv[0], argv.Skip(1).ToList())
        {
            WorkingDirectory = invocation.Worktree,
            Timeout = invocation.Timeout,
            Environment = new Dictionary<string, string?>
            {
                ["ORCH_TASK_ID"] = invocation.TaskId,
                ["ORCH_TASK_DESCRIPTION"] = invocation.Description,
                ["ORCH_PROMPT_FILE"] = invocation.PromptFile,
                ["ORCH_WORKTREE"] = invocation.Worktree,
            },
            OnOutputLine = line => log.Write("stdout", line),
            OnErrorLine = line => log.Write("stderr", line),
        };
        ProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(spec, cancellation);
        }
        catch (ProcessStartException ex)
        {
            log.Write("orchestrator", ex.Message);
            return new AgentResult(false, null, ex.Message);
        }

        log.Write("orchestrator", $"exit {result.ExitCode} after {result.Duration.TotalSeconds:0.0}s");
        var error = result switch
        {
            { TimedOut: true } => $"timed out after {invocation.Timeout!.Value.TotalSeconds:0.#}s",
            { Cancelled: true } => "cancelled",
            { ExitCode: not 0 } => $"exit code {result.ExitCode}: {LastLine(result.StandardError) ?? LastLine(result.StandardOutput)}",
            _ => null,
        };
        return new AgentResult(result.Succeeded, result.ExitCode, SecretRedactor.FromEnvironment().RedactNullable(error))
        {
            TimedOut = result.TimedOut,
            Cancelled = result.Cancelled,
            ResultText = result.StandardOutput,
        };
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
