using Newtonsoft.Json;
using Orchestrator.Plans;

namespace Orchestrator.Planning;

/// <summary>
/// Planning's output and the run's <c>tasks_data</c>: the run's one plan snapshot (the plan with the quorum's remedies,
/// each task's agent resolved), its batches and critical path. Later phases run on <see cref="Plan"/>.
/// </summary>
public sealed class PlanningOutput
{
    private readonly Lazy<TaskPlan> _plan;

    public PlanningOutput() => _plan = new(BuildPlan);

    public List<PlannedTask> Tasks { get; init; } = [];

    public List<List<string>> Batches { get; init; } = [];

    public List<string> CriticalPath { get; init; } = [];

    public double CriticalPathSeconds { get; init; }

    public string? PlanPath { get; init; }

    /// <summary>The tasks as a plan, built once on first use: every task's <c>Agent</c> is the one it runs with.</summary>
    [JsonIgnore]
    public TaskPlan Plan => _plan.Value;

    private TaskPlan BuildPlan() => new(PlanPath ?? "tasks_data", PlanFormat.Json, Tasks.Select(t => t.ToTask()).ToList());
}

/// <summary>A task as planned: the plan's fields, its status and the agent it runs with.</summary>
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

    /// <summary>"pending"; "skipped" for a task already done in the plan; "deferred" for one the plan puts off.</summary>
    public string Status { get; set; } = "pending";

    /// <summary>The agent the task runs with, resolved once by Planning.</summary>
    public string? Agent { get; set; }

    public string? Command { get; set; }

    public double? EstimateSeconds { get; set; }

    public string? Acceptance { get; set; }

    public string? Check { get; set; }

    public int? Line { get; set; }

    public static PlannedTask From(PlanTask task, string agent) => new()
    {
        Id = task.Id,
        Description = task.Description,
        Phase = task.Phase,
        PhaseTitle = task.PhaseTitle,
        Story = task.Story,
        Parallel = task.Parallel,
        Files = [.. task.Files],
        DependsOn = [.. task.DependsOn],
        Status = task.Done ? "skipped" : task.Deferred ? "deferred" : "pending",
        Agent = agent,
        Command = task.Command,
        EstimateSeconds = task.EstimateSeconds,
        Acceptance = task.Acceptance,
        Check = task.Check,
        Line = task.Line,
    };

    public PlanTask ToTask() => new()
    {
        Id = Id,
        Description = Description,
        Phase = Phase,
        PhaseTitle = PhaseTitle,
        Story = Story,
        Parallel = Parallel,
        Files = [.. Files],
        DependsOn = [.. DependsOn],
        Done = Status == "skipped",
        Deferred = Status == "deferred",
        Agent = Agent,
        Command = Command,
        EstimateSeconds = EstimateSeconds,
        Acceptance = Acceptance,
        Check = Check,
        Line = Line,
    };
}
