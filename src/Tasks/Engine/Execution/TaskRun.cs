using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>One task's execution: where it ran, what it produced, how it ended.</summary>
public sealed class TaskRun
{
    public required string Id { get; init; }

    public TaskRunStatus Status { get; set; } = TaskRunStatus.Pending;

    public string? Agent { get; set; }

    public string? Branch { get; set; }

    public string? Worktree { get; set; }

    /// <summary>The commit the task started from: the run's base merged with its dependencies' work.</summary>
    public string? BaseCommit { get; set; }

    /// <summary>The branch head after the task (its own commit, or the base when it changed nothing).</summary>
    public string? Commit { get; set; }

    public List<string> ChangedFiles { get; set; } = [];

    /// <summary>Completed, but its agent changed nothing (the branch is at its base).</summary>
    public bool NoChanges { get; set; }

    public int Attempts { get; set; }

    /// <summary>Attempts after the first (<c>--retries</c>).</summary>
    public int RetryCount => Math.Max(0, Attempts - 1);

    public List<long> AttemptDurationsMs { get; set; } = [];

    public long DurationMs { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public int? ExitCode { get; set; }

    public string? LogPath { get; set; }

    public string? PromptFile { get; set; }

    public string? Error { get; set; }

    public Agents.AgentUsage? Usage { get; set; }

    /// <summary>How often its agent was rate- or usage-limited and the task waited (those attempts do not count).</summary>
    public int RateLimited { get; set; }

    /// <summary>The agent's session of the latest attempt, where its CLI reports or takes one.</summary>
    public string? SessionId { get; set; }

    /// <summary>Whether the latest attempt continued the session a killed run left (true), or started afresh (false).</summary>
    public bool? ResumedSession { get; set; }

    /// <summary>Why a task that did not run was cancelled, when it was not the user: <c>budget</c>.</summary>
    public string? CancelReason { get; set; }

    /// <summary>The task was running when an earlier invocation of the run was killed.</summary>
    [Newtonsoft.Json.JsonIgnore]
    public bool Interrupted { get; set; }

    public static bool IsFinishedBadly(TaskRunStatus status) =>
        status is TaskRunStatus.Failed or TaskRunStatus.Timeout or TaskRunStatus.Cancelled or TaskRunStatus.Blocked;
}

/// <summary>ParallelExecution's output_data.</summary>
public sealed class ExecutionOutput
{
    /// <summary>"parallel" or "sequential".</summary>
    public string Mode { get; set; } = "parallel";

    public int MaxConcurrent { get; set; }

    /// <summary>Why the run is sequential although it was asked to run in parallel (worktrees could not be created).</summary>
    public string? FallbackReason { get; set; }

    /// <summary>How many of the tasks were carried over completed from the journal of an earlier invocation of the run.</summary>
    public int Resumed { get; set; }

    public DateTime StartedAt { get; set; } = DateTime.UtcNow;

    public string BaseCommit { get; set; } = "";

    public List<TaskRun> Tasks { get; set; } = [];

    /// <summary>Tasks other machines run (<c>--shard</c>, <c>--tasks</c>): left pending here, and not counted as unfinished.</summary>
    public List<string> Elsewhere { get; set; } = [];

    public int Completed => Tasks.Count(t => t.Status == TaskRunStatus.Completed);

    public int NotCompleted => Tasks.Count(t => t.Status is not (TaskRunStatus.Completed or TaskRunStatus.Skipped or TaskRunStatus.Deferred)
        && !Elsewhere.Contains(t.Id));

    /// <summary>Tokens, cost and turns summed over the tasks whose agents reported them.</summary>
    public Agents.AgentUsage? Usage => Agents.AgentUsage.Total(Tasks.Select(t => t.Usage));
}
