using System.Runtime.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.State;

/// <summary>
/// The run, as saved in <c>phase-state/state.json</c>: its settings, its plan, every phase's result, and where it is.
/// Everything a later invocation needs to go on with it (the journal holds the task transitions).
/// </summary>
public sealed class RunState
{
    public string RunId { get; set; } = "";

    public string RepoPath { get; set; } = "";

    /// <summary>The commit every task branch and the integration branch start from.</summary>
    public string? BaseCommit { get; set; }

    public string? PlanPath { get; set; }

    /// <summary>Every option that shapes the result (the engine's <c>RunSettings</c>), snake_case.</summary>
    public JObject? Settings { get; set; }

    /// <summary>The plan as it was loaded when the run started (before the quorum's remedies).</summary>
    public JToken? Plan { get; set; }

    public List<PhaseResult> PhasesExecuted { get; set; } = [];

    /// <summary>The phase running now, or the one that was running when the run was stopped or killed.</summary>
    public string? CurrentPhase { get; set; }

    public string? UserPrompt { get; set; }

    public DateTime SavedAt { get; set; }

    public TimingSummary TimingSummary { get; set; } = new();

    /// <summary>Phases' outputs mirrored at the top level under the names they declare (<c>tasks_data</c>, …).</summary>
    [JsonExtensionData]
    public IDictionary<string, JToken> PhaseFields { get; set; } = new Dictionary<string, JToken>();

    /// <summary>A phase's output mirrored at the top level is written there only: its result points at the field.</summary>
    [OnSerializing]
    internal void PointAtMirroredOutputs(StreamingContext context)
    {
        foreach (var result in PhasesExecuted.Where(r => r.OutputData is { Type: not JTokenType.Null }))
        {
            if (PhaseFields.FirstOrDefault(f => ReferenceEquals(f.Value, result.OutputData)) is { Key: { } field })
            {
                result.OutputDataIn = field;
                result.OutputData = null;
            }
        }
    }

    [OnSerialized]
    internal void RestoreMirroredOutputs(StreamingContext context) => ResolveMirroredOutputs(context);

    [OnDeserialized]
    internal void ResolveMirroredOutputs(StreamingContext context)
    {
        foreach (var result in PhasesExecuted.Where(r => r.OutputDataIn is not null))
        {
            result.OutputData = PhaseFields.TryGetValue(result.OutputDataIn!, out var output) ? output : null;
            result.OutputDataIn = null;
        }
    }

    public PhaseResult? Latest(string stateName) => PhasesExecuted.LastOrDefault(p => p.Phase == stateName);

    /// <summary>Records a phase's result in place of an earlier one, keeping the phases in pipeline order.</summary>
    public void Record(PhaseResult result, Func<string, int> order)
    {
        PhasesExecuted.RemoveAll(p => p.Phase == result.Phase);
        PhasesExecuted.Add(result);
        PhasesExecuted.Sort((a, b) => order(a.Phase).CompareTo(order(b.Phase)));
        TimingSummary = TimingSummary.Of(PhasesExecuted);
    }

    public void Forget(string stateName)
    {
        PhasesExecuted.RemoveAll(p => p.Phase == stateName);
        TimingSummary = TimingSummary.Of(PhasesExecuted);
    }
}

public sealed class TimingSummary
{
    public long TotalDurationMs { get; set; }

    public List<PhaseTiming> Phases { get; set; } = [];

    public static TimingSummary Of(IEnumerable<PhaseResult> results)
    {
        var phases = results.Select(r => new PhaseTiming(r.Phase, r.DurationMs, r.Success, r.Skipped)).ToList();
        return new TimingSummary { Phases = phases, TotalDurationMs = phases.Sum(p => p.DurationMs) };
    }
}

public sealed record PhaseTiming(string Phase, long DurationMs, bool Success, bool Skipped);
