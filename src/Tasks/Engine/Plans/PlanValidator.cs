namespace Orchestrator.Plans;

/// <summary>Checks a parsed plan: tasks present, ids that are short identifiers (<see cref="TaskId"/>), unique ids, known dependencies, no cycles.</summary>
internal static class PlanValidator
{
    public static void Validate(string sourceName, IReadOnlyList<PlanTask> tasks)
    {
        if (tasks.Count == 0)
        {
            throw new InputException($"{sourceName}: the plan has no tasks");
        }

        foreach (var task in tasks)
        {
            var hostile = TaskId.Problem(task.Id) is { } problem ? problem
                : task.DependsOn.FirstOrDefault(d => !TaskId.IsValid(d)) is { } dependency
                    ? $"task {task.Id} depends_on: {TaskId.Problem(dependency)}" : null;
            if (hostile is not null)
            {
                throw new InputException(Location(sourceName, task) + hostile);
            }
        }

        RejectDuplicates(sourceName, tasks);
        var byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);

        foreach (var task in tasks)
        {
            var unknown = task.DependsOn.FirstOrDefault(id => !byId.ContainsKey(id));
            if (unknown is not null)
            {
                throw new InputException($"{Location(sourceName, task)}task {task.Id} depends on unknown task {unknown}");
            }
        }

        if (FindCycle(tasks) is { } cycle)
        {
            throw new InputException("dependency cycle: " + string.Join(" -> ", cycle));
        }
    }

    /// <summary>Every id used more than once, with its count and lines: <c>duplicate task ids: T003 (2 times: lines 9, 14), …</c>.</summary>
    private static void RejectDuplicates(string sourceName, IReadOnlyList<PlanTask> tasks)
    {
        var repeated = tasks.GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        if (repeated.Count == 0)
        {
            return;
        }

        var listed = repeated.Select(g => g.All(t => t.Line is not null)
            ? $"{g.Key} ({g.Count()} times: lines {string.Join(", ", g.Select(t => t.Line))})"
            : $"{g.Key} ({g.Count()} times)");
        var noun = repeated.Count == 1 ? "id" : "ids";
        throw new InputException($"{sourceName}: duplicate task {noun}: {string.Join(", ", listed)}");
    }

    /// <summary>
    /// The first cycle found, as ids along "depends on" edges, rotated to start at the member that
    /// comes first in the plan and closed by repeating it: T003 -> T005 -> T003.
    /// </summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<PlanTask> tasks)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            index.TryAdd(tasks[i].Id, i);
        }

        var dependencies = tasks
            .Select(t => t.DependsOn.Where(index.ContainsKey).Select(id => index[id]).ToArray())
            .ToArray();
        var state = new byte[tasks.Count]; // 0 unvisited, 1 on the current path, 2 finished
        var path = new List<int>();
        var nextEdge = new List<int>();
        for (var root = 0; root < tasks.Count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            path.Add(root);
            nextEdge.Add(0);
            state[root] = 1;
            while (path.Count > 0)
            {
                var node = path[^1];
                var edge = nextEdge[^1];
                if (edge == dependencies[node].Length)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    nextEdge.RemoveAt(nextEdge.Count - 1);
                    continue;
                }

                nextEdge[^1] = edge + 1;
                var next = dependencies[node][edge];
                if (state[next] == 1)
                {
                    return Rotate(path.Skip(path.LastIndexOf(next)).ToList(), tasks);
                }

                if (state[next] == 0)
                {
                    state[next] = 1;
                    path.Add(next);
                    nextEdge.Add(0);
                }
            }
        }

        return null;
    }

    private static List<string> Rotate(List<int> cycle, IReadOnlyList<PlanTask> tasks)
    {
        var start = cycle.IndexOf(cycle.Min());
        var rotated = cycle.Skip(start).Concat(cycle.Take(start)).Append(cycle[start]);
        return rotated.Select(i => tasks[i].Id).ToList();
    }

    private static string Location(string sourceName, PlanTask task) =>
        task.Line is { } line ? $"{sourceName}:{line}: " : $"{sourceName}: ";
}
