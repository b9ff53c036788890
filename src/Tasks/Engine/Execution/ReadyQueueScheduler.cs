namespace Orchestrator.Execution;

/// <summary>
/// Starts each task the moment its dependencies have completed and a slot is free (no batch barriers); among ready
/// tasks the one with the longest remaining path goes first. A task that does not complete blocks its dependents.
/// A task that gives its slot back while it waits (<see cref="TaskSlots"/>) lets the next ready task start.
/// </summary>
internal sealed class ReadyQueueScheduler(
    IReadOnlyList<string> tasks,
    Func<string, IReadOnlyList<string>> dependenciesOf,
    Func<string, double> priority,
    int maxConcurrent)
{
    public TaskSlots Slots { get; } = new(maxConcurrent);

    public async Task RunAsync(
        Func<string, Task<bool>> execute,
        Action<string, string> onBlocked,
        CancellationToken cancellation,
        Action<string>? onReady = null)
    {
        var position = tasks.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        var waitingOn = tasks.ToDictionary(id => id, id => dependenciesOf(id).Count(position.ContainsKey));
        var dependents = tasks.ToDictionary(id => id, _ => new List<string>());
        foreach (var id in tasks)
        {
            foreach (var dependency in dependenciesOf(id).Where(position.ContainsKey))
            {
                dependents[dependency].Add(id);
            }
        }

        var ready = new PriorityQueue<string, (double, int)>();
        foreach (var id in tasks.Where(id => waitingOn[id] == 0))
        {
            MakeReady(id);
        }

        var running = new Dictionary<Task<bool>, string>();
        var blocked = new HashSet<string>();
        while (ready.Count > 0 || running.Count > 0)
        {
            var freed = Slots.NextFreed();
            while (ready.Count > 0 && !cancellation.IsCancellationRequested && Slots.TryTake())
            {
                var id = ready.Dequeue();
                running[execute(id)] = id;
            }

            if (running.Count == 0)
            {
                break;
            }

            var next = await Task.WhenAny(running.Keys.Append(freed));
            if (next == freed)
            {
                continue;
            }

            var finished = (Task<bool>)next;
            var finishedId = running[finished];
            running.Remove(finished);
            Slots.Give();
            if (await finished)
            {
                foreach (var dependent in dependents[finishedId].Where(d => --waitingOn[d] == 0 && !blocked.Contains(d)))
                {
                    MakeReady(dependent);
                }
            }
            else
            {
                Block(finishedId, finishedId);
            }
        }

        void MakeReady(string id)
        {
            onReady?.Invoke(id);
            ready.Enqueue(id, (-priority(id), position[id]));
        }

        void Block(string id, string cause)
        {
            var pending = new Stack<string>([id]);
            while (pending.TryPop(out var current))
            {
                foreach (var dependent in dependents[current].Where(blocked.Add))
                {
                    onBlocked(dependent, cause);
                    pending.Push(dependent);
                }
            }
        }
    }
}
