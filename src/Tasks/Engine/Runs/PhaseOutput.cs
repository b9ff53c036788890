namespace Orchestrator.Runs;

/// <summary>
/// The typed key of a phase's output: the producing phase declares one (<c>PlanningPhase.Output</c>) and the phases that
/// read it ask the run's outputs for it, so no phase parses another's JSON.
/// </summary>
public sealed class PhaseOutput<T>(string phase)
    where T : class
{
    /// <summary>The producing phase's target name.</summary>
    public string Phase { get; } = phase;

    public PhaseInput Required => new(Phase, true);

    public PhaseInput Optional => new(Phase, false);
}

/// <summary>The outputs of a run's phases, each read from saved state at most once.</summary>
public interface IPhaseOutputs
{
    /// <summary>The output, or null when the phase has no usable saved result.</summary>
    T? Find<T>(PhaseOutput<T> key)
        where T : class;

    /// <summary>The output of a declared required input; the pipeline checked it exists before the phase started.</summary>
    T Require<T>(PhaseOutput<T> key)
        where T : class;
}
