namespace Orchestrator.Plans;

public enum PlanFormat
{
    SpecKit,
    Json,
}

/// <summary>A loaded, validated plan: unique ids, known dependencies, no cycles. Never changed; see <see cref="WithDependencies"/>.</summary>
public sealed class TaskPlan
{
    private readonly Dictionary<string, PlanTask> _byId;

    public TaskPlan(string sourcePath, PlanFormat format, IReadOnlyList<PlanTask> tasks)
    {
        SourcePath = sourcePath;
        Format = format;
        Tasks = tasks;
        _byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>Path of the plan file, or "-" for standard input.</summary>
    public string SourcePath { get; }

    public PlanFormat Format { get; }

    /// <summary>Tasks in plan order.</summary>
    public IReadOnlyList<PlanTask> Tasks { get; }

    /// <summary>What the parser read past (id-less checkboxes under no task, placeholder lines), one line each, for the log.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public PlanTask this[string id] => _byId[id];

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>
    /// A new plan in which each edge's task also waits for its <c>DependsOn</c>, appended after the task's own
    /// dependencies (an edge it already has is not repeated). The result is validated like a loaded plan.
    /// </summary>
    public TaskPlan WithDependencies(IEnumerable<(string Task, string DependsOn)> edges)
    {
        var added = edges.ToLookup(e => e.Task, e => e.DependsOn, StringComparer.Ordinal);
        var unknown = added.Select(g => g.Key).FirstOrDefault(id => !Contains(id));
        if (unknown is not null)
        {
            throw new InputException($"{SourcePath}: a dependency was added to unknown task {unknown}");
        }

        var tasks = Tasks
            .Select(t => added.Contains(t.Id) ? t with { DependsOn = [.. t.DependsOn.Union(added[t.Id], StringComparer.Ordinal)] } : t)
            .ToList();
        PlanValidator.Validate(SourcePath, tasks);
        return new TaskPlan(SourcePath, Format, tasks);
    }
}
