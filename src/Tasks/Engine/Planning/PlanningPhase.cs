using Orchestrator.Agents;
using Orchestrator.Plans;
using Orchestrator.Quorum;
using Orchestrator.Runs;

namespace Orchestrator.Planning;

/// <summary>
/// Phase 2: the run's one plan snapshot (the plan as loaded with the quorum's remedies applied), its DAG, batches,
/// critical path and each task's agent. Every later phase runs on this snapshot.
/// </summary>
public sealed class PlanningPhase : IPhase
{
    public static readonly PhaseOutput<PlanningOutput> Output = new("Planning");

    public PhaseDeclaration Declaration { get; } = new()
    {
        Number = 2,
        Name = "Planning",
        StateName = "TASK_PLANNING",
        Description = "build the task DAG, batches, critical path, agent assignment",
        After = ["QuorumValidation"],
        Reads = [QuorumValidationPhase.Output.Optional],
        NeedsPlan = true,
        StateField = "tasks_data",
    };

    public Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation)
    {
        var plan = Snapshot(run);
        var graph = new TaskGraph(plan);
        var criticalPath = graph.CriticalPath(TaskGraph.DefaultEstimate);
        var output = new PlanningOutput
        {
            PlanPath = plan.SourcePath,
            Tasks = plan.Tasks.Select((t, index) => PlannedTask.From(t, AgentRoster.Pick(t.Agent ?? run.Settings.Agent, index))).ToList(),
            Batches = graph.Batches.Select(b => b.ToList()).ToList(),
            CriticalPath = [.. criticalPath],
            CriticalPathSeconds = criticalPath.Sum(id => TaskGraph.DefaultEstimate(plan[id])),
        };
        run.Log.Info(
            $"Planned {plan.Tasks.Count} tasks in {output.Batches.Count} batches; critical path {string.Join(" -> ", output.CriticalPath)}");
        return Task.FromResult(PhaseOutcome.Succeeded(output));
    }

    /// <summary>The plan as loaded, with the edges the quorum added; the same whether phase 1 ran now or in an earlier invocation.</summary>
    private static TaskPlan Snapshot(PhaseContext run)
    {
        var plan = run.SourcePlan
            ?? throw new InputException("phase 2 (Planning) needs a plan: pass --plan=FILE (a tasks.md or a .json plan)");
        var remedies = run.Outputs.Find(QuorumValidationPhase.Output)?.RemediesApplied ?? [];
        return remedies.Count == 0 ? plan : plan.WithDependencies(remedies.Select(r => (r.Task, r.DependsOn)));
    }
}
