using Orchestrator.Phases;

namespace Orchestrator.Plans;

/// <summary>Phase 2: the task DAG, its batches, critical path and agent assignment.</summary>
public sealed class PlanningPhase : IPhase
{
    public PhaseId Id => PhaseId.Planning;

    public string Description => "build the task DAG, batches, critical path, agent assignment";

    public Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var plan = run.Plan ?? run.OptionalOutput<PlanningOutput>(PhaseId.Planning)?.ToPlan()
            ?? throw new InputException("phase 2 (Planning) needs a plan: pass --plan=FILE (a tasks.md or a .json plan)");
        var graph = new TaskGraph(plan);
        var criticalPath = graph.CriticalPath(t => t.EstimateSeconds ?? 1);
        var output = new PlanningOutput
        {
            PlanPath = plan.SourcePath,
            Tasks = plan.Tasks.Select(t => PlannedTask.From(t, run.Options.Agent)).ToList(),
            Batches = graph.Batches.Select(b => b.ToList()).ToList(),
            CriticalPath = [.. criticalPath],
            CriticalPathSeconds = criticalPath.Sum(id => plan[id].EstimateSeconds ?? 1),
        };
        var token = RunContext.ToToken(output);
        run.State.TasksData = token;
        run.Log.InfoLine(
            $"Planned {plan.Tasks.Count} tasks in {output.Batches.Count} batches; critical path {string.Join(" -> ", output.CriticalPath)}");
        return Task.FromResult(PhaseOutcome.Succeeded(token));
    }
}
