using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// The run's phase outputs, typed: read from the saved state at most once each, or kept as the phase returned them.
/// A phase's output counts when its saved result succeeded, or when it failed under <see cref="FailurePolicy.RunGoesOn"/>
/// and still produced one (Merge integrates the tasks ParallelExecution did complete). Reports (<paramref name="anyResult"/>)
/// read whatever a phase last saved, failed or not: a Merge with a conflict still says what it merged.
/// </summary>
internal sealed class PhaseOutputs(RunState state, IReadOnlyList<PhaseDeclaration> declarations, bool anyResult = false) : IPhaseOutputs
{
    private readonly Dictionary<string, object?> _read = [];
    private readonly object _gate = new();

    public T? Find<T>(PhaseOutput<T> key)
        where T : class
    {
        lock (_gate)
        {
            if (!_read.TryGetValue(key.Phase, out var value))
            {
                value = _read[key.Phase] = StateJson.FromToken<T>(UsableResult(key.Phase)?.OutputData);
            }

            return value as T;
        }
    }

    public T Require<T>(PhaseOutput<T> key)
        where T : class =>
        Find(key) ?? throw new InvalidOperationException($"the output of {key.Phase} is not available");

    public bool Has(string phase) => UsableResult(phase) is not null;

    /// <summary>A phase just produced this output (and its result was recorded): later phases read it as it is.</summary>
    public void Keep(string phase, object? output)
    {
        lock (_gate)
        {
            _read[phase] = output;
        }
    }

    public void Forget(string phase)
    {
        lock (_gate)
        {
            _read.Remove(phase);
        }
    }

    private PhaseResult? UsableResult(string phase)
    {
        var declaration = declarations.Single(d => d.Name == phase);
        return state.PhasesExecuted.LastOrDefault(p => p.Phase == declaration.StateName && p.OutputData is { Type: not Newtonsoft.Json.Linq.JTokenType.Null }
            && (anyResult || p.Success || declaration.OnFailure == FailurePolicy.RunGoesOn));
    }
}
