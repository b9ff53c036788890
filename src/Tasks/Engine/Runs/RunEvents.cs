using Orchestrator.Agents;
using Orchestrator.State;

namespace Orchestrator.Runs;

/// <summary>
/// What happens in a run, as it happens: the stream a live console, a CI log or a dashboard watches. The host passes a
/// sink in (as it passes <see cref="IRunLog"/>); the engine only publishes. A sink is called from any thread and must
/// return quickly.
/// </summary>
public interface IRunEvents
{
    void Publish(RunEvent runEvent);
}

/// <summary>A sink that keeps nothing: the default when nobody watches.</summary>
public sealed class NoRunEvents : IRunEvents
{
    public void Publish(RunEvent runEvent)
    {
    }
}

public abstract record RunEvent
{
    public DateTime At { get; init; } = DateTime.UtcNow;
}

/// <summary>The run is prepared and its first phase about to start.</summary>
public sealed record RunStarted(string RunId, string RepoPath, IReadOnlyList<string> Phases) : RunEvent;

public sealed record PhaseStarted(string Phase, int Number) : RunEvent;

public sealed record PhaseEnded(string Phase, int Number, bool Success, long DurationMs, string? Error) : RunEvent;

/// <summary>A task's transition, published after it is journalled; <c>Phase</c> is null for ParallelExecution.</summary>
public sealed record TaskChanged(string Task, TaskRunStatus Status, int Attempt, string? Agent, string? Phase) : RunEvent
{
    public string? Error { get; init; }

    /// <summary>The attempt's duration, once it ended.</summary>
    public long? DurationMs { get; init; }

    /// <summary>What the attempt cost, once it ended, where the agent reports it.</summary>
    public AgentUsage? Usage { get; init; }

    public string? LogPath { get; init; }
}

/// <summary>A line the task's agent printed (secrets redacted), as it is written to the task's log.</summary>
public sealed record TaskOutput(string Task, string Line) : RunEvent;

/// <summary>The run's end: its verdict and closing line.</summary>
public sealed record RunEnded(string RunId, bool Success, bool Stopped, string Outcome) : RunEvent;
