using Newtonsoft.Json.Linq;
using Orchestrator.Phases;

namespace Orchestrator.State;

/// <summary>Everything a later run needs to go on: <c>phase-state/state.json</c>.</summary>
public sealed class RunState
{
    public string RunId { get; set; } = "";

    public string RepoPath { get; set; } = "";

    /// <summary>The commit every task branch and the integration branch start from.</summary>
    public string? BaseCommit { get; set; }

    public string? PlanPath { get; set; }

    public List<PhaseResult> PhasesExecuted { get; set; } = [];

    public string? CurrentPhase { get; set; }

    public JToken? GlobalContext { get; set; }

    public JToken? QuorumResult { get; set; }

    public JToken? TasksData { get; set; }

    public string? UserPrompt { get; set; }

    public DateTime SavedAt { get; set; }

    public TimingSummary TimingSummary { get; set; } = new();

    public PhaseResult? Latest(PhaseId id) => PhasesExecuted.LastOrDefault(p => p.Phase == id.StateName());

    /// <summary>
    /// The output of a phase's successful run, or carried over from a loaded state when it was skipped. A finished
    /// ParallelExecution counts even when some tasks failed: Merge integrates the ones that completed.
    /// </summary>
    public JToken? OutputOf(PhaseId id) =>
        PhasesExecuted.LastOrDefault(p => p.Phase == id.StateName() && p.OutputData is not null
            && (p.Success || (id == PhaseId.ParallelExecution && p.CompletedAt is not null)))?.OutputData;

    public void Record(PhaseResult result)
    {
        PhasesExecuted.RemoveAll(p => p.Phase == result.Phase);
        PhasesExecuted.Add(result);
        PhasesExecuted.Sort((a, b) => PhaseIds.FromStateName(a.Phase).CompareTo(PhaseIds.FromStateName(b.Phase)));
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
