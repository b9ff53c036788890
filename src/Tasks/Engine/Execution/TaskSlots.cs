namespace Orchestrator.Execution;

/// <summary>
/// The run's <c>--max-concurrent</c> slots. A task that has to wait (its agent paused by a rate limit, a dependency
/// running on another machine) gives its slot back for the wait, so another ready task can use it, and takes one again,
/// ahead of tasks not yet started, before it goes on.
/// </summary>
internal sealed class TaskSlots(int count)
{
    private readonly SemaphoreSlim _free = new(count, count);
    private readonly object _gate = new();
    private TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool TryTake() => _free.Wait(0);

    public void Give()
    {
        TaskCompletionSource freed;
        lock (_gate)
        {
            freed = _freed;
            _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _free.Release();
        freed.TrySetResult();
    }

    /// <summary>Completes the next time a slot is given back; taken before trying slots, so none is missed.</summary>
    public Task NextFreed()
    {
        lock (_gate)
        {
            return _freed.Task;
        }
    }

    /// <summary>Runs <paramref name="wait"/> without holding a slot; the slot is taken back even if the wait throws.</summary>
    public async Task<T> IdleWhileAsync<T>(Func<Task<T>> wait)
    {
        Give();
        try
        {
            return await wait();
        }
        finally
        {
            await _free.WaitAsync(CancellationToken.None);
        }
    }

    public Task IdleWhileAsync(Func<Task> wait) => IdleWhileAsync(async () =>
    {
        await wait();
        return true;
    });
}
