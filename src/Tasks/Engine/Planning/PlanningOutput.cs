namespace Orchestrator.Plans;

/// <summary>Planning's output_data and the run's <c>tasks_data</c>: the task DAG, its batches and critical path.</summary>
public sealed class PlanningOutput
{
    public List<PlannedTask> Tasks { get; set; } = [];

    public List<List<string>> Batches { get; set; } = [];

    public List<string> CriticalPath { get; set; } = [];

    public double CriticalPathSeconds { get; set; }

    public string? PlanPath { get; set; }

    /// <summary>The plan again, as a validated TaskPlan, for phases that run on saved state.</summary>
    public TaskPlan ToPlan()
    {
        var tasks = Tasks.Select(t => new PlanTask
        {
            Id = t.Id,
            Description = t.Description,
            Phase = t.Phase,
            PhaseTitle = t.PhaseTitle,
            Story = t.Story,
            Parallel = t.Parallel,
            Files = [.. t.Files],
            DependsOn = [.. t.DependsOn],
            Done = t.Status == "skipped",
            Agent = t.Agent,
            Command = t.Command,
            EstimateSeconds = t.EstimateSeconds,
            Acceptance = t.Acceptance,
            Line = t.Line,
        }).ToList();
        return new TaskPlan(PlanPath ?? "tasks_data", PlanFormat.Json, tasks);
    }
}

public sealed class PlannedTask
{
    public string Id { get; set; } = "";

    public string Description { get; set; } = "";

    public int? Phase { get; set; }

    public string? PhaseTitle { get; set; }

    public string? Story { get; set; }

    public bool Parallel { get; set; }

    public List<string> Files { get; set; } = [];

    public List<string> DependsOn { get; set; } = [];

    /// <summary>"pending", or "skipped" for a task already done in the plan.</summary>
    public string Status { get; set; } = "pending";

    public string? Agent { get; set; }

    public string? Command { get; set; }

    public double? EstimateSeconds { get; set; }

    public string? Acceptance { get; set; }

    public int? Line { get; set; }

    public static PlannedTask From(PlanTask task, string defaultAgent) => new()
    {
        Id = task.Id,
        Description = task.Description,
        Phase = task.Phase,
        PhaseTitle = task.PhaseTitle,
        Story = task.Story,
        Parallel = task.Parallel,
        Files = [.. task.Files],
        DependsOn = [.. task.DependsOn],
        Status = task.Done ? "skipped" : "pending",
        Agent = task.Agent ?? defaultAgent,
        Command = task.Command,
        EstimateSeconds = task.EstimateSeconds,
        Acceptance = task.Acceptance,
        Line = task.Line,
    };
}
