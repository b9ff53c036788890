using Orchestrator.Agents;
using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Planning;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>The <c>--json</c> result: {success, run_id, phases, timing_summary, tasks: [{id, status, branch, duration_ms, usage, no_changes}], usage}.</summary>
public sealed class RunSummary
{
    public bool Success { get; init; }

    public string RunId { get; init; } = "";

    public List<PhaseResult> Phases { get; init; } = [];

    public TimingSummary TimingSummary { get; init; } = new();

    public List<TaskSummary> Tasks { get; init; } = [];

    /// <summary>The run's agent usage totals, where agents reported usage.</summary>
    public AgentUsage? Usage { get; init; }

    internal static RunSummary Of(RunState state, Runs.IPhaseOutputs outputs, bool success)
    {
        var planned = outputs.Find(PlanningPhase.Output)?.Tasks ?? [];
        var runs = outputs.Find(ParallelExecutionPhase.Output)?.Tasks.ToDictionary(t => t.Id) ?? [];
        var merge = outputs.Find(MergePhase.Output);
        var tasks = planned.Select(t =>
        {
            var run = runs.GetValueOrDefault(t.Id);
            return new TaskSummary(t.Id, StatusOf(t, run, merge), run?.Branch, run?.DurationMs ?? 0) { Usage = run?.Usage, NoChanges = run?.NoChanges == true };
        }).ToList();
        return new RunSummary
        {
            Success = success,
            RunId = state.RunId,
            Phases = state.PhasesExecuted,
            TimingSummary = state.TimingSummary,
            Tasks = tasks,
            Usage = AgentUsage.Total(runs.Values.Select(r => r.Usage)),
        };
    }

    /// <summary>Every phase saved as a success, and no failing tests on the integration head.</summary>
    internal static bool IsGreen(RunState state, MergeOutput? merge) =>
        state.PhasesExecuted.All(p => p.Success) && merge?.Tests?.Passed != false;

    /// <summary>Where a task ended up: Merge's word when it has one, else execution's, else the plan's.</summary>
    internal static string StatusOf(PlannedTask task, TaskRun? run, MergeOutput? merge) =>
        merge?.StatusOf(task.Id) ?? run?.Status.ToString().ToLowerInvariant() ?? task.Status;
}

public sealed record TaskSummary(string Id, string Status, string? Branch, long DurationMs)
{
    public AgentUsage? Usage { get; init; }

    /// <summary>Completed, but its agent changed nothing.</summary>
    public bool NoChanges { get; init; }
}
