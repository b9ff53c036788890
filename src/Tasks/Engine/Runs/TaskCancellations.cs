using System.Collections.Concurrent;

namespace Orchestrator.Runs;

/// <summary>
/// Requests to cancel one task of a running run (from the dashboard or its API): the task's agent is stopped if it
/// runs, a task not started yet is not started, and the run goes on with the others. One per run, shared by its phases.
/// </summary>
public sealed class TaskCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tokens = new(StringComparer.Ordinal);

    /// <summary>Asks for <paramref name="taskId"/> to be cancelled; returns false when it was asked already.</summary>
    public bool Cancel(string taskId)
    {
        var source = _tokens.GetOrAdd(taskId, _ => new CancellationTokenSource());
        if (source.IsCancellationRequested)
        {
            return false;
        }

        source.Cancel();
        return true;
    }

    public bool IsCancelled(string taskId) => _tokens.TryGetValue(taskId, out var source) && source.IsCancellationRequested;

    /// <summary>Cancelled when <paramref name="taskId"/> is asked to be cancelled.</summary>
    public CancellationToken TokenFor(string taskId) => _tokens.GetOrAdd(taskId, _ => new CancellationTokenSource()).Token;
}
