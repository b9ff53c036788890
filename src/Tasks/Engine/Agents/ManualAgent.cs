using System.Text.RegularExpressions;
using Orchestrator.Phases;

namespace Orchestrator.Agents;

/// <summary>
/// For IDE agents and people: prints where a task is to be done, then waits until it is marked done, by touching
/// <c>&lt;artifacts&gt;/completions/&lt;TASK&gt;.done</c> or by ticking its checkbox in the plan's tasks.md.
/// </summary>
public sealed class ManualAgent(OrchestratorOptions options) : IAgent
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public string Name => "manual";

    public string CompletionsDirectory { get; } = Path.Combine(Path.GetFullPath(options.ArtifactsPath), "completions");

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        var doneFile = Path.Combine(CompletionsDirectory, $"{invocation.TaskId}.done");
        Directory.CreateDirectory(CompletionsDirectory);
        using var log = new TaskLog(invocation.LogPath);
        var branch = (await new Git.GitCli(invocation.Worktree).TryRunAsync("rev-parse", "--abbrev-ref", "HEAD")).StandardOutput.Trim();
        var message = $"[manual] {invocation.TaskId} is ready: work in {invocation.Worktree} " +
            $"(branch {branch}), prompt {invocation.PromptFile}; when done: touch {doneFile}" +
            (IsTasksMarkdown(options.PlanPath) ? $" or tick {invocation.TaskId} in {options.PlanPath}" : "");
        log.Write("orchestrator", message);
        (options.Json ? Console.Error : Console.Out).WriteLine(message);
        var started = DateTime.UtcNow;
        while (true)
        {
            if (File.Exists(doneFile) || IsTicked(invocation.TaskId))
            {
                File.Delete(doneFile);
                log.Write("orchestrator", "marked done");
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
