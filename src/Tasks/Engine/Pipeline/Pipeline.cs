using System.Diagnostics;
using Cake.Core;
using Cake.Core.Diagnostics;
using Orchestrator.State;

namespace Orchestrator.Phases;

/// <summary>The six phases as Cake tasks, each timed and saved; the engine that runs them is Cake's.</summary>
public sealed class Pipeline
{
    public const string DefaultTarget = "Default";
    public const string StatusTarget = "Status";
    public const string CleanupTarget = "Cleanup";

    private readonly IReadOnlyDictionary<PhaseId, IPhase> _phases = PhaseCatalog.Create().ToDictionary(p => p.Id);
    private readonly List<PhaseId> _failures = [];
    private readonly OrchestratorOptions _options;
    private readonly ICakeLog _log;
    private readonly CancellationToken _cancellation;
    private RunContext? _run;
    private RunState? _loaded;

    public Pipeline(OrchestratorOptions options, ICakeLog log, CancellationToken cancellation = default)
    {
        _options = options;
        _log = log;
        _cancellation = cancellation;
    }

    /// <summary>The prepared run; available once Cake's setup has run <see cref="PrepareAsync"/>.</summary>
    public RunContext Run => _run ?? throw new InvalidOperationException("the run has not been prepared");

    public bool IsPrepared => _run is not null;

    /// <summary>Phases that failed without stopping the run; the run still exits 1.</summary>
    public IReadOnlyList<PhaseId> Failures => _failures;

    /// <summary>Prepares the run: loads the plan and any saved state, resolves the repository and its base commit.</summary>
    public async Task PrepareAsync()
    {
        if (_run is not null)
        {
            return;
        }

        var store = new StateStore(_options.ArtifactsPath);
        _loaded = _options.LoadStatePath is { } file ? StateStore.Load(file)
            : _options.ContinueSavedRun || _options.Resume || _options.SkipPhases.Count > 0 ? store.LoadLatest() : null;
        if (_options.Resume && _loaded is null)
        {
            throw new InputException($"--resume: no saved run to go on with in {store.Directory}");
        }

        var state = (_options.ContinueSavedRun || _options.Resume) && _loaded is not null ? _loaded : NewState(_options, _loaded);
        await RunStart.ResolveRepositoryAsync(state, _options, _log);
        var options = _options.Resume && _options.PlanPath is null && _options.PlanJson is null && File.Exists(state.PlanPath)
            ? _options with { PlanPath = state.PlanPath }
            : _options;
        var run = new RunContext { Options = options, State = state, Store = store, Log = _log, Cancellation = _cancellation };
        run.Plan = RunStart.LoadPlan(options, run.RepoPath);
        if (run.Plan is not null)
        {
            state.PlanPath = run.Plan.SourcePath;
        }

        _run = run;
    }

    /// <summary>Registers the phase targets, Default, Status and Cleanup on Cake's engine.</summary>
    public void Register(ICakeEngine engine)
    {
        engine.RegisterSetupAction(_ => PrepareAsync().GetAwaiter().GetResult());
        string? previous = null;
        foreach (var phase in _phases.Values.OrderBy(p => p.Id))
        {
            var id = phase.Id;
            var task = engine.RegisterTask(id.TargetName())
                .Description($"Phase {(int)id}: {phase.Description}")
                .WithCriteria(_ => !_options.SkipPhases.Contains(id), "skipped by --skip-phases")
                .WithCriteria(_ => !IsCarriedOver(id), "carried over by --resume")
                .Does(() => RunPhaseAsync(id));
            if (previous is not null)
            {
                task.IsDependentOn(previous);
            }

            previous = id.TargetName();
        }

        engine.RegisterTask(DefaultTarget).Description("All six phases (same as Merge)").IsDependentOn(PhaseId.Merge.TargetName());
        engine.RegisterTask(StatusTarget).Description("Tasks, worktrees and branches of the latest run")
            .Does(() => RunMaintenance.PrintStatusAsync(Run));
        engine.RegisterTask(CleanupTarget).Description("Remove the latest run's worktrees (--all: its branches too)")
            .Does(() =>
            {
                LockRun();
                return RunMaintenance.CleanupAsync(Run);
            });
        engine.RegisterTaskTeardownAction(context =>
        {
            if (context.Skipped && PhaseIds.TryParse(context.Task.Name, out var id) && id.TargetName() == context.Task.Name
                && !IsCarriedOver(id))
            {
                RecordSkipped(id);
            }
        });
    }

    public async Task RunPhaseAsync(PhaseId id)
    {
        Run.Cancellation.ThrowIfCancellationRequested();
        LockRun();
        var result = PhaseResult.For(id);
        result.StartedAt = DateTime.UtcNow;
        Run.State.CurrentPhase = id.StateName();
        var stopwatch = Stopwatch.StartNew();
        PhaseOutcome outcome;
        try
        {
            outcome = await _phases[id].RunAsync(Run);
        }
        catch (Exception ex) when (ex is not InputException and not OperationCanceledException)
        {
            Run.Log.VerboseLine(ex.ToString());
            outcome = PhaseOutcome.Failed(ex.Message);
        }

        result.DurationMs = stopwatch.ElapsedMilliseconds;
        result.CompletedAt = DateTime.UtcNow;
        result.Success = outcome.Success;
        result.Error = outcome.Error;
        result.RetryCount = outcome.RetryCount;
        result.OutputData = outcome.Output is null ? null : outcome.Output as Newtonsoft.Json.Linq.JToken ?? StateJson.ToToken(outcome.Output);
        Save(result);
        Run.Cancellation.ThrowIfCancellationRequested();
        if (!outcome.Success && !outcome.StopsRun)
        {
            Run.Log.ErrorLine($"{id.TargetName()}: {outcome.Error}");
            _failures.Add(id);
        }
        else if (!outcome.Success)
        {
            throw new PhaseFailedException(id, $"{id.TargetName()} failed: {outcome.Error}");
        }
    }

    /// <summary>Summary for <c>--json</c>: phases, timings and each task's final status.</summary>
    public RunSummary Summarize(bool success) => RunSummary.Of(Run.State, success);

    private void RecordSkipped(PhaseId id)
    {
        var carried = _loaded?.OutputOf(id);
        var now = DateTime.UtcNow;
        var result = PhaseResult.For(id);
        result.Success = true;
        result.Skipped = true;
        result.StartedAt = now;
        result.CompletedAt = now;
        result.OutputData = carried;
        Save(result);
    }

    /// <summary>
    /// With --resume, phases 0-3 that the run already saved successfully are not run again; their results stay as saved.
    /// Execution and Merge always run: Execution goes on from the journal, Merge is idempotent.
    /// </summary>
    private bool IsCarriedOver(PhaseId id) =>
        _options.Resume && id < PhaseId.ParallelExecution && _loaded?.Latest(id) is { Success: true };

    /// <summary>
    /// Prepares the run and takes its locks before Cake starts, so a second run is refused with one line. Not for
    /// Status, which only reads.
    /// </summary>
    public async Task PrepareAndLockAsync(string target)
    {
        if (target != StatusTarget)
        {
            await PrepareAsync();
            LockRun();
        }
    }

    /// <summary>One run per artifacts folder and per repository; taken before anything is written.</summary>
    private void LockRun()
    {
        RunLock.Acquire(Run.Store.Directory, "the artifacts folder");
        RunLock.Acquire(RunStart.GitCommonDirectory(Run.RepoPath), "the repository");
    }

    private void Save(PhaseResult result)
    {
        LockRun();
        Run.State.Record(result);
        Run.Store.Save(Run.State, result, Run.Options.SaveStatePath);
    }

    private static RunState NewState(OrchestratorOptions options, RunState? loaded) => new()
    {
        RunId = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}",
        RepoPath = loaded?.RepoPath ?? "",
        UserPrompt = options.UserPrompt ?? loaded?.UserPrompt,
        GlobalContext = Carried(options, PhaseId.ContextGathering, loaded?.GlobalContext),
        QuorumResult = Carried(options, PhaseId.QuorumValidation, loaded?.QuorumResult),
        TasksData = Carried(options, PhaseId.Planning, loaded?.TasksData),
        PhasesExecuted = loaded?.PhasesExecuted.Where(p => options.SkipPhases.Contains(PhaseIds.FromStateName(p.Phase))).ToList() ?? [],
    };

    private static Newtonsoft.Json.Linq.JToken? Carried(OrchestratorOptions options, PhaseId id, Newtonsoft.Json.Linq.JToken? value) =>
        options.SkipPhases.Contains(id) ? value : null;
}
