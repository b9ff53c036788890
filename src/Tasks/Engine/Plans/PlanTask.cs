namespace Orchestrator.Plans;

/// <summary>One coding task of a plan, whichever format it was written in. Immutable: a changed plan is a new one.</summary>
public sealed record PlanTask
{
    public required string Id { get; init; }

    public required string Description { get; init; }

    /// <summary>spec-kit "## Phase N" number; null for JSON plans without one.</summary>
    public int? Phase { get; init; }

    public string? PhaseTitle { get; init; }

    /// <summary>User-story label such as "US1".</summary>
    public string? Story { get; init; }

    public bool Parallel { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Already done in the plan (<c>[X]</c>): not run, satisfies dependencies.</summary>
    public bool Done { get; init; }

    /// <summary>
    /// Put off in the plan (<c>[DEFERRED]</c>, <c>[SKIP]</c>, <c>[WONTFIX]</c>, struck through): not run, and satisfies no
    /// dependency, so a task that depends on it is blocked by it.
    /// </summary>
    public bool Deferred { get; init; }

    /// <summary>Neither done nor deferred: the run has it to do.</summary>
    [Newtonsoft.Json.JsonIgnore]
    public bool ToDo => !Done && !Deferred;

    public string? Agent { get; init; }

    public string? Command { get; init; }

    public double? EstimateSeconds { get; init; }

    /// <summary>"Done when" / acceptance text where the plan has it.</summary>
    public string? Acceptance { get; init; }

    /// <summary>A command line the orchestrator runs in the task's worktree after its agent; the task fails when it fails.</summary>
    public string? Check { get; init; }

    /// <summary>1-based line in the plan file, for messages.</summary>
    public int? Line { get; init; }
}
