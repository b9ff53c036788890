using Orchestrator.Context;
using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Plans;
using Orchestrator.Quorum;

namespace Orchestrator.Phases;

internal static class PhaseCatalog
{
    public static IReadOnlyList<IPhase> Create() =>
    [
        new ContextGatheringPhase(),
        new QuorumValidationPhase(),
        new PlanningPhase(),
        new ContextFilteringPhase(),
        new ParallelExecutionPhase(),
        new MergePhase(),
    ];
}
