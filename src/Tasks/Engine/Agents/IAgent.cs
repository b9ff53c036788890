namespace Orchestrator.Agents;

/// <summary>A coding agent run as a child process in a task's worktree.</summary>
public interface IAgent
{
    string Name { get; }

    Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken cancellation);
}

/// <summary>What an agent is asked to do, and where.</summary>
public sealed record AgentInvocation
{
    /// <summary>The run the task belongs to (ORCH_RUN_ID for command lines).</summary>
    public string RunId { get; init; } = "";

    public required string TaskId { get; init; }

    public required string Description { get; init; }

    /// <summary>The task's own command (JSON plan field), which overrides the agent's configured one.</summary>
    public string? TaskCommand { get; init; }

    public required string Worktree { get; init; }

    public required string PromptFile { get; init; }

    public required string LogPath { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>The task's file scope (aider takes it as arguments).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The task log's size limit (<c>--max-log-bytes</c>).</summary>
    public long MaxLogBytes { get; init; } = TaskLog.DefaultMaxBytes;

    /// <summary>Told each line written to the task's log, as it is written (secrets redacted).</summary>
    public Action<string>? OnLogLine { get; init; }

    /// <summary>The agent's session: the id it is to take (claude <c>--session-id</c>), or the one to continue.</summary>
    public string? SessionId { get; init; }

    /// <summary>Continue <see cref="SessionId"/> (the run was killed while it ran) instead of starting afresh.</summary>
    public bool ResumeSession { get; init; }

    /// <summary>Told the session id as soon as the CLI prints it.</summary>
    public Action<string>? OnSessionId { get; init; }

    /// <summary>The run's per-task turn cap (<c>--task-max-turns</c>), for CLIs that have one.</summary>
    public int? MaxTurns { get; init; }
}

public sealed record AgentResult(bool Success, int? ExitCode, string? Error)
{
    public bool TimedOut { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>The agent's final answer, where its CLI reports one (claude's <c>result</c>); else its standard output.</summary>
    public string? ResultText { get; init; }

    public AgentUsage? Usage { get; init; }

    /// <summary>Set when the run failed on a rate or usage limit: it does not count as an attempt.</summary>
    public RateLimit? RateLimit { get; init; }
}

/// <summary>What a task cost, as far as the agent reports it.</summary>
public sealed record AgentUsage
{
    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    /// <summary>In USD, where the agent reports it (claude does; codex reports tokens only).</summary>
    public decimal? CostUsd { get; init; }

    public int? Turns { get; init; }

    public string? SessionId { get; init; }

    /// <summary>Turns, tokens and cost in one phrase (<c>2 turns, 1,240 tokens, $0.0123</c>), leaving out what was not reported.</summary>
    public string Describe()
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var parts = new List<string>();
        if (Turns is { } turns)
        {
            parts.Add($"{turns} turns");
        }

        parts.Add($"{(InputTokens + OutputTokens).ToString("N0", culture)} tokens");
        if (CostUsd is { } cost)
        {
            parts.Add(cost.ToString("$0.00##", culture));
        }

        return string.Join(", ", parts);
    }

    /// <summary>The sum over tasks that reported usage; null when none did.</summary>
    public static AgentUsage? Total(IEnumerable<AgentUsage?> usages)
    {
        var reported = usages.OfType<AgentUsage>().ToList();
        return reported.Count == 0 ? null : new AgentUsage
        {
            InputTokens = reported.Sum(u => u.InputTokens),
            OutputTokens = reported.Sum(u => u.OutputTokens),
            CostUsd = reported.Any(u => u.CostUsd is not null) ? reported.Sum(u => u.CostUsd ?? 0) : null,
            Turns = reported.Any(u => u.Turns is not null) ? reported.Sum(u => u.Turns ?? 0) : null,
        };
    }
}
