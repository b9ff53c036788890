namespace Orchestrator.Runs;

/// <summary>What a failed phase does to the run.</summary>
public enum FailurePolicy
{
    /// <summary>The run stops with exit code 1 after the phase's result is saved.</summary>
    StopsRun,

    /// <summary>Later phases still run on what the phase did produce (Merge integrates the tasks that completed); exit 1.</summary>
    RunGoesOn,
}

/// <summary>What a phase does when a later invocation goes on with a saved run (<c>--resume</c>, <c>--load-phase-state</c>).</summary>
public enum ResumePolicy
{
    /// <summary>A result saved as successful is kept and the phase is not run again.</summary>
    KeepSaved,

    /// <summary>The phase runs again and goes on from its own record (the journal), repeating no finished work.</summary>
    Continue,

    /// <summary>The phase runs again from the start: it is idempotent.</summary>
    RunAgain,
}

/// <summary>An earlier phase's output that a phase reads; a required one missing stops the phase before it starts.</summary>
public sealed record PhaseInput(string Phase, bool Required);

/// <summary>
/// A phase as it declares itself: the pipeline, the Cake adapter, the command line and the saved state are all built
/// from these, so adding a phase is its own file and its declaration.
/// </summary>
public sealed record PhaseDeclaration
{
    /// <summary>The phase's number on the command line (<c>--only-phase=2</c>) and in its state file's name.</summary>
    public required int Number { get; init; }

    /// <summary>The Cake target name, e.g. "ParallelExecution".</summary>
    public required string Name { get; init; }

    /// <summary>The name in saved state, e.g. "PARALLEL_EXECUTION".</summary>
    public required string StateName { get; init; }

    public required string Description { get; init; }

    /// <summary>Targets this one runs after (Cake's <c>IsDependentOn</c>).</summary>
    public IReadOnlyList<string> After { get; init; } = [];

    /// <summary>The earlier outputs this phase reads.</summary>
    public IReadOnlyList<PhaseInput> Reads { get; init; } = [];

    /// <summary>Whether the phase works on the plan as written (checked before the run starts).</summary>
    public bool NeedsPlan { get; init; }

    public FailurePolicy OnFailure { get; init; } = FailurePolicy.StopsRun;

    public ResumePolicy OnResume { get; init; } = ResumePolicy.KeepSaved;

    /// <summary>A top-level field of state.json that mirrors the phase's output (e.g. <c>tasks_data</c>), if any.</summary>
    public string? StateField { get; init; }

    /// <summary>The phase's own result file under <c>phase-state/</c>, e.g. "04-ParallelExecution.json".</summary>
    public string StateFileName => $"{Number:00}-{Name}.json";

    public string Title => $"phase {Number} ({Name})";

    /// <summary>The phase <paramref name="text"/> names (number, target or state name), or an input error naming <paramref name="where"/>.</summary>
    public static PhaseDeclaration Named(IReadOnlyList<PhaseDeclaration> phases, string text, string where) =>
        phases.FirstOrDefault(p => p.IsNamedBy(text))
        ?? throw new InputException($"{where}: unknown phase '{text}' (0-{phases.Count - 1} or {string.Join(", ", phases.Select(p => p.Name))})");

    /// <summary>Whether <paramref name="text"/> names this phase: its number, target name or state name, in any case.</summary>
    public bool IsNamedBy(string text)
    {
        text = text.Trim();
        return text == Number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            || string.Equals(text, Name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(text, StateName, StringComparison.OrdinalIgnoreCase);
    }
}
