using Orchestrator.Agents;
using Orchestrator.Pipeline;
using Orchestrator.State;

namespace Cake.Orchestrator;

/// <summary>What an alias's run came to, read from the run's saved state after it.</summary>
public sealed class OrchestratorResult
{
    /// <summary>No saved phase of the run failed and the tests did not fail.</summary>
    public bool Success { get; init; }

    public string RunId { get; init; } = "";

    /// <summary>Merge's integration branch (<c>orchestrator/&lt;run-id&gt;/integration</c>); null before Merge ran.</summary>
    public string? IntegrationBranch { get; init; }

    /// <summary>The commit the integration branch points at; null before Merge ran.</summary>
    public string? IntegrationHead { get; init; }

    /// <summary>Every planned task: its id, where it ended up, its branch and its agent's usage.</summary>
    public IReadOnlyList<TaskSummary> Tasks { get; init; } = [];

    /// <summary>The agents' usage summed over the tasks; null when none reported any.</summary>
    public AgentUsage? Usage { get; init; }

    /// <summary>Whether the tests passed on the merged result; null when none ran.</summary>
    public bool? TestsPassed { get; init; }

    /// <summary>Each phase's saved result, in pipeline order.</summary>
    public IReadOnlyList<PhaseResult> Phases { get; init; } = [];

    /// <summary>The run's HTML report (<c>reports/&lt;run-id&gt;.html</c>, copied to <c>report.html</c>); null when it could not be written.</summary>
    public string? ReportPath { get; init; }

    internal static OrchestratorResult Of(SavedRun run, string? reportPath) => new()
    {
        ReportPath = reportPath,
        Success = run.Success,
        RunId = run.RunId,
        IntegrationBranch = run.Merge?.IntegrationBranch,
        IntegrationHead = run.Merge?.IntegrationHead,
        Tasks = run.Tasks,
        Usage = run.Usage,
        TestsPassed = run.Merge?.Tests?.Passed,
        Phases = run.Phases,
    };
}
