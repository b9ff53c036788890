namespace Orchestrator.Plans;

public enum PlanFormat
{
    SpecKit,
    Json,
}

/// <summary>A loaded, validated plan: unique ids, known dependencies, no cycles.</summary>
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

    public PlanTask this[string id] => _byId[id];

    public bool Contains(string id) => _byId.ContainsKey(id);
}
