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
    public required string TaskId { get; init; }

    public required string Description { get; init; }

    /// <summary>The task's own command (JSON plan field), which overrides the agent's configured one.</summary>
    public string? TaskCommand { get; init; }

    public required string Worktree { get; init; }

    public required string PromptFile { get; init; }

    public required string LogPath { get; init; }

    public TimeSpan? Timeout { get; init; }
}

public sealed record AgentResult(bool Success, int? ExitCode, string? Error)
{
    public bool TimedOut { get; init; }

    public bool Cancelled { get; init; }

    /// <summary>The agent's final answer, where its CLI reports one (claude's <c>result</c>); else its standard output.</summary>
    public string? ResultText { get; init; }

    public AgentUsage? Usage { get; init; }
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
}
