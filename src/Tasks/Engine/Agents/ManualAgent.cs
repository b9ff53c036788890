using System.Text.RegularExpressions;
using Orchestrator.Git;

namespace Orchestrator.Agents;

/// <summary>
/// For IDE agents and people: logs where a task is to be done, then waits until it is marked done, by touching
/// <c>&lt;completions&gt;/&lt;TASK&gt;.done</c> or by ticking its checkbox in the plan's tasks.md.
/// </summary>
public sealed class ManualAgent(AgentOptions options, IRunLog log) : IAgent
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public string Name => "manual";

    public string CompletionsDirectory { get; } = Path.GetFullPath(
        options.CompletionsDirectory ?? throw new InvalidOperationException("the manual agent needs the run's completions folder"));

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        var doneFile = Path.Combine(CompletionsDirectory, $"{invocation.TaskId}.done");
        Directory.CreateDirectory(CompletionsDirectory);
        using var taskLog = new TaskLog(invocation.LogPath, invocation.MaxLogBytes, invocation.OnLogLine);
        var branch = (await new GitCli(invocation.Worktree).TryRunAsync(["rev-parse", "--abbrev-ref", "HEAD"], cancellation)).StandardOutput.Trim();
        var message = $"[manual] {invocation.TaskId} is ready: work in {invocation.Worktree} " +
            $"(branch {branch}), prompt {invocation.PromptFile}; when done: touch {doneFile}" +
            (IsTasksMarkdown(options.PlanPath) ? $" or tick {invocation.TaskId} in {options.PlanPath}" : "");
        taskLog.Write("orchestrator", message);
        log.Info(message);
        var started = DateTime.UtcNow;
        while (true)
        {
            if (File.Exists(doneFile) || IsTicked(invocation.TaskId))
            {
                File.Delete(doneFile);
                taskLog.Write("orchestrator", "marked done");
                return new AgentResult(true, 0, null);
            }

            if (invocation.Timeout is { } limit && DateTime.UtcNow - started > limit)
            {
                return new AgentResult(false, null, $"not marked done within {limit.TotalSeconds:0.#}s") { TimedOut = true };
            }

            try
            {
                await Task.Delay(PollInterval, cancellation);
            }
            catch (OperationCanceledException)
            {
                return new AgentResult(false, null, "cancelled") { Cancelled = true };
            }
        }
    }

    private bool IsTicked(string taskId)
    {
        if (!IsTasksMarkdown(options.PlanPath) || !File.Exists(options.PlanPath))
        {
            return false;
        }

        try
        {
            var pattern = new Regex($@"^\s*[-*]\s*\[[xX]\]\s+{Regex.Escape(taskId)}\b", RegexOptions.Multiline);
            return pattern.IsMatch(File.ReadAllText(options.PlanPath!));
        }
        catch (IOException)
        {
            return false; // The editor is saving it; look again on the next tick.
        }
    }

    private static bool IsTasksMarkdown(string? path) => path is not null && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
}
