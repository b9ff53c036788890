using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Phases;

/// <summary>The <c>--json</c> result: {success, phases, timing_summary, tasks: [{id, status, branch, duration_ms}]}.</summary>
public sealed class RunSummary
{
    public bool Success { get; init; }

    public string RunId { get; init; } = "";

    public List<PhaseResult> Phases { get; init; } = [];

    public TimingSummary TimingSummary { get; init; } = new();

    public List<TaskSummary> Tasks { get; init; } = [];

    /// <summary>The run's agent usage totals, where agents reported usage.</summary>
    public Agents.AgentUsage? Usage { get; init; }

    public static RunSummary Of(RunState state, bool success)
    {
        var planned = StateJson.FromToken<PlanningOutput>(state.TasksData)?.Tasks ?? [];
        var runs = StateJson.FromToken<ExecutionOutput>(state.Latest(PhaseId.ParallelExecution)?.OutputData)?.Tasks.ToDictionary(t => t.Id) ?? [];
        var merge = StateJson.FromToken<MergeOutput>(state.Latest(PhaseId.Merge)?.OutputData);
        var tasks = planned.Select(t =>
        {
            var run = runs.GetValueOrDefault(t.Id);
            var status = merge?.StatusOf(t.Id) ?? run?.Status.ToString().ToLowerInvariant() ?? t.Status;
            return new TaskSummary(t.Id, status, run?.Branch, run?.DurationMs ?? 0) { Usage = run?.Usage };
        }).ToList();
        return new RunSummary
        {
            Success = success,
            RunId = state.RunId,
            Phases = state.PhasesExecuted,
            TimingSummary = state.TimingSummary,
            Tasks = tasks,
            Usage = Agents.AgentUsage.Total(runs.Values.Select(r => r.Usage)),
        };
    }
}

public sealed record TaskSummary(string Id, string Status, string? Branch, long DurationMs)
{
    public Agents.AgentUsage? Usage { get; init; }
}
