using Orchestrator.Context;
using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Planning;
using Orchestrator.Quorum;
using Orchestrator.Runs;

namespace Orchestrator.Pipeline;

/// <summary>The pipeline's phases. Their order, dependencies and policies are in their own declarations.</summary>
public static class PhaseCatalog
{
    public static IReadOnlyList<IPhase> Standard() =>
    [
        new ContextGatheringPhase(),
        new QuorumValidationPhase(),
        new PlanningPhase(),
        new ContextFilteringPhase(),
        new ParallelExecutionPhase(),
        new MergePhase(),
    ];
}
