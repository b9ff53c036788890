using Orchestrator.Agents;
using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Planning;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// The latest run saved in an artifacts folder, typed, for a build that inspects it (the Cake addin's
/// <c>OrchestratorState</c>): its settings, every phase's saved result, the plan, each task's outcome and usage, and
/// Merge's result. Outputs are read as last saved, failed or not: a Merge with a conflict still says what it merged.
/// </summary>
public sealed class SavedRun
{
    private readonly PhaseOutputs _outputs;

    private SavedRun(RunState state, IReadOnlyList<PhaseDeclaration> declarations)
    {
        State = state;
        _outputs = new PhaseOutputs(state, declarations, anyResult: true);
        Summary = RunSummary.Of(state, _outputs, success: RunSummary.IsGreen(state, _outputs.Find(MergePhase.Output)));
    }

    /// <summary>The run as saved in <c>phase-state/state.json</c>.</summary>
    public RunState State { get; }

    public string RunId => State.RunId;

    public string RepoPath => State.RepoPath;

    public string? BaseCommit => State.BaseCommit;

    /// <summary>The settings the run was started with (secrets left out), as <c>--resume</c> restores them.</summary>
    public RunSettings? Settings => StateJson.FromToken<RunSettings>(State.Settings);

    /// <summary>Each phase's saved result, in pipeline order.</summary>
    public IReadOnlyList<PhaseResult> Phases => State.PhasesExecuted;

    /// <summary>No saved phase failed, and the tests did not fail.</summary>
    public bool Success => Summary.Success;

    public PlanningOutput? Planning => _outputs.Find(PlanningPhase.Output);

    public ExecutionOutput? Execution => _outputs.Find(ParallelExecutionPhase.Output);

    public MergeOutput? Merge => _outputs.Find(MergePhase.Output);

    /// <summary>Every planned task: where it ended up (Merge's word, else execution's, else the plan's), its branch and usage.</summary>
    public IReadOnlyList<TaskSummary> Tasks => Summary.Tasks;

    /// <summary>The agents' usage (tokens, cost where reported) summed over the tasks; null when none reported any.</summary>
    public AgentUsage? Usage => Summary.Usage;

    private RunSummary Summary { get; }

    /// <summary>The latest run saved in <paramref name="artifactsPath"/>, or null when there is none.</summary>
    public static SavedRun? Load(string artifactsPath, IReadOnlyList<PhaseDeclaration>? declarations = null)
    {
        var store = new StateStore(Path.Combine(artifactsPath, RunLayout.StateFolder), RunLayout.StateFile);
        return store.LoadLatest() is { } state
            ? new SavedRun(state, declarations ?? PhaseCatalog.Standard().Select(p => p.Declaration).ToList())
            : null;
    }
}
