using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Runs;

/// <summary>
/// The machines of one run meeting at a shared git remote (<c>--remote</c>): which of the plan's tasks this invocation
/// runs (its shard or <c>--tasks</c>), the records of tasks done elsewhere, and publishing what was done here. Null in
/// <see cref="PhaseContext.Remote"/> when the run stays on one machine.
/// </summary>
public interface IRemoteTasks
{
    /// <summary>The tasks of <paramref name="plan"/> this invocation runs; the others run on other machines.</summary>
    IReadOnlySet<string> Select(TaskPlan plan);

    /// <summary>The latest record of each of <paramref name="tasks"/> published on the remote, by task id; their commits fetched here.</summary>
    Task<IReadOnlyDictionary<string, TaskEvent>> RecordsAsync(IReadOnlyCollection<string> tasks, CancellationToken cancellation);

    /// <summary>Points this repository's branch of a task done elsewhere at its commit, so merges and later tasks find it.</summary>
    Task AdoptBranchAsync(string taskId, string commit, CancellationToken cancellation);

    /// <summary>
    /// Waits (polling the remote with backoff, bounded by <c>--wait-timeout</c>) until every one of
    /// <paramref name="dependencies"/> has a record there: all completed (their commits fetched here), or one that did not
    /// complete, which blocks the waiting task at once.
    /// </summary>
    Task<RemoteWait> WaitForAsync(IReadOnlyList<string> dependencies, CancellationToken cancellation);

    /// <summary>Pushes a task's record (and, when it completed, its branch) to the remote in one atomic push.</summary>
    Task PublishAsync(TaskEvent record, CancellationToken cancellation);
}

/// <summary>What a wait for dependencies done elsewhere came to.</summary>
public sealed record RemoteWait
{
    /// <summary>Each dependency's commit, when all of them completed.</summary>
    public IReadOnlyDictionary<string, string> Commits { get; init; } = new Dictionary<string, string>();

    /// <summary>A dependency that did not complete elsewhere, and how it ended.</summary>
    public (string Task, TaskRunStatus Status)? Blocker { get; init; }

    /// <summary>Why the wait gave up (<c>--wait-timeout</c>), or null.</summary>
    public string? Problem { get; init; }
}
