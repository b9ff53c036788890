namespace Orchestrator.Plans;

/// <summary>
/// Dependency graph of a validated plan (plans never change: a plan with more edges is a new plan and gets its own
/// graph). Done tasks count as satisfied: batches, critical path and
/// longest paths cover pending tasks only. All queries are linear in tasks plus edges.
/// </summary>
public sealed class TaskGraph
{
    private readonly IReadOnlyList<PlanTask> _tasks;
    private readonly Dictionary<string, int> _index;
    private readonly int[][] _dependencies;
    private readonly int[][] _dependents;
    private readonly int[] _topological;
    private readonly Lazy<int[]> _position;

    public TaskGraph(TaskPlan plan)
    {
        Plan = plan;
        _tasks = plan.Tasks;
        _index = new Dictionary<string, int>(_tasks.Count, StringComparer.Ordinal);
        for (var i = 0; i < _tasks.Count; i++)
        {
            _index.Add(_tasks[i].Id, i);
        }

        _dependencies = _tasks.Select(t => t.DependsOn.Select(IndexOf).Distinct().ToArray()).ToArray();
        var dependents = _tasks.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < _tasks.Count; i++)
        {
            foreach (var dependency in _dependencies[i])
            {
                dependents[dependency].Add(i);
            }
        }

        _dependents = dependents.Select(d => d.ToArray()).ToArray();
        _topological = KahnOrder();
        TopologicalOrder = _topological.Select(i => _tasks[i].Id).ToList();
        _position = new(() =>
        {
            var position = new int[_topological.Length];
            for (var i = 0; i < _topological.Length; i++)
            {
                position[_topological[i]] = i;
            }

            return position;
        });
        Batches = ComputeBatches();
    }

    public TaskPlan Plan { get; }

    /// <summary>Every task, done or not, dependencies first; ties go to the task earlier in the plan.</summary>
    public IReadOnlyList<string> TopologicalOrder { get; }

    /// <summary>
    /// Pending tasks by level: level k holds the tasks whose pending dependencies are all in earlier
    /// levels. Done tasks are left out and satisfy their dependents. Plan order within a level.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Batches { get; }

    public static double DefaultEstimate(PlanTask task) => task.EstimateSeconds ?? 1;

    /// <summary>
    /// For each task, its own estimate plus the longest estimated chain of pending tasks that depend
    /// on it (0 for done tasks). Higher values should be scheduled first.
    /// </summary>
    public IReadOnlyDictionary<string, double> LongestPathToEnd(Func<PlanTask, double>? estimate = null)
    {
        var lengths = LongestPaths(estimate ?? DefaultEstimate);
        return Enumerable.Range(0, _tasks.Count).ToDictionary(i => _tasks[i].Id, i => lengths[i], StringComparer.Ordinal);
    }

    /// <summary>Ids along the longest estimated chain of pending tasks, first to last.</summary>
    public IReadOnlyList<string> CriticalPath(Func<PlanTask, double>? estimate = null)
    {
        var lengths = LongestPaths(estimate ?? DefaultEstimate);
        var start = Enumerable.Range(0, _tasks.Count)
            .Where(i => IsPending(i) && !_dependencies[i].Any(IsPending))
            .DefaultIfEmpty(-1)
            .MaxBy(i => i < 0 ? double.MinValue : lengths[i]); // MaxBy keeps the first of equals: plan order
        var path = new List<string>();
        for (var current = start; current >= 0;)
        {
            path.Add(_tasks[current].Id);
            current = _dependents[current].Where(IsPending).DefaultIfEmpty(-1).MaxBy(i => i < 0 ? double.MinValue : lengths[i]);
        }

        return path;
    }

    /// <summary>Tasks that list <paramref name="id"/> in their dependencies, in plan order.</summary>
    public IReadOnlyList<string> DirectDependents(string id) =>
        _dependents[IndexOf(id)].Order().Select(i => _tasks[i].Id).ToList();

    /// <summary>Every task that waits on <paramref name="id"/> directly or indirectly, in plan order.</summary>
    public IReadOnlyList<string> TransitiveDependents(string id)
    {
        var seen = new bool[_tasks.Count];
        var queue = new Queue<int>();
        queue.Enqueue(IndexOf(id));
        while (queue.TryDequeue(out var current))
        {
            foreach (var dependent in _dependents[current].Where(d => !seen[d]))
            {
                seen[dependent] = true;
                queue.Enqueue(dependent);
            }
        }

        return Enumerable.Range(0, _tasks.Count).Where(i => seen[i]).Select(i => _tasks[i].Id).ToList();
    }

    /// <summary>Neither task waits on the other, directly or indirectly: a scheduler may run them at the same time.</summary>
    public bool MayRunConcurrently(string first, string second)
    {
        var (a, b) = (IndexOf(first), IndexOf(second));
        return a != b && !DependsTransitively(a, b) && !DependsTransitively(b, a);
    }

    private bool DependsTransitively(int task, int on)
    {
        var position = _position.Value;

        // Only tasks placed after "on" in topological order can reach it; the rest are not explored.
        var seen = new HashSet<int>();
        var stack = new Stack<int>([task]);
        while (stack.TryPop(out var current))
        {
            foreach (var dependency in _dependencies[current])
            {
                if (dependency == on)
                {
                    return true;
                }

                if (position[dependency] > position[on] && seen.Add(dependency))
                {
                    stack.Push(dependency);
                }
            }
        }

        return false;
    }

    private int IndexOf(string id) =>
        _index.TryGetValue(id, out var index) ? index : throw new ArgumentException($"unknown task {id}", nameof(id));

    private bool IsPending(int index) => _tasks[index].ToDo;

    private int[] KahnOrder()
    {
        var waitingOn = _dependencies.Select(d => d.Length).ToArray();
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < _tasks.Count; i++)
        {
            if (waitingOn[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<int>(_tasks.Count);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(next);
            foreach (var dependent in _dependents[next])
            {
                if (--waitingOn[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        if (order.Count < _tasks.Count)
        {
            var cycle = PlanValidator.FindCycle(_tasks) ?? [];
            throw new InvalidOperationException("dependency cycle: " + string.Join(" -> ", cycle));
        }

        return order.ToArray();
    }

    private List<IReadOnlyList<string>> ComputeBatches()
    {
        var level = new int[_tasks.Count];
        foreach (var i in _topological.Where(IsPending))
        {
            level[i] = _dependencies[i].Where(IsPending).Select(d => level[d] + 1).DefaultIfEmpty(0).Max();
        }

        var batches = new List<List<string>>();
        for (var i = 0; i < _tasks.Count; i++)
        {
            if (!IsPending(i))
            {
                continue;
            }

            while (batches.Count <= level[i])
            {
                batches.Add([]);
            }

            batches[level[i]].Add(_tasks[i].Id);
        }

        return batches.Cast<IReadOnlyList<string>>().ToList();
    }

    private double[] LongestPaths(Func<PlanTask, double> estimate)
    {
        var lengths = new double[_tasks.Count];
        for (var position = _topological.Length - 1; position >= 0; position--)
        {
            var i = _topological[position];
            if (!IsPending(i))
            {
                continue;
            }

            var own = estimate(_tasks[i]);
            if (double.IsNaN(own) || own < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(estimate), own, $"estimate for {_tasks[i].Id} must be a non-negative number");
            }

            lengths[i] = own + _dependents[i].Where(IsPending).Select(d => lengths[d]).DefaultIfEmpty(0).Max();
        }

        return lengths;
    }
}
