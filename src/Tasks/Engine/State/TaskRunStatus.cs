namespace Orchestrator.State;

/// <summary>Where a task stands; journaled on every change.</summary>
public enum TaskRunStatus
{
    Pending,
    Ready,
    Running,
    Completed,
    Failed,
    Timeout,
    Cancelled,
    Blocked,
    Skipped,
    Deferred,
}
