using System.Diagnostics;
using Orchestrator.Agents;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// One invocation of the pipeline, with no Cake in it: prepares the run, says which phases run, runs a phase and saves
/// its result, records skipped ones, and sums the run up. An adapter drives it from a task engine (Cake's, through
/// src/Tasks/Cake); the phases' order and policies come from their declarations.
/// </summary>
public sealed class RunPipeline : IDisposable
{
    private readonly IRunLog _log;
    private readonly IRunEvents _events;
    private readonly Dictionary<string, IPhase> _phases;
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _ranNow = [];
    private PreparedRun? _run;
    private PhaseOutputs? _outputs;
    private RunServices? _services;
    private StateStore? _store;
    private RunLease? _lease;
    private PhaseOutputs? _reported;
    private RunDistribution? _distribution;

    public RunPipeline(RunRequest request, IRunLog log, IReadOnlyList<IPhase>? phases = null, IRunEvents? events = null, TaskCancellations? cancellations = null)
    {
        Cancellations = cancellations ?? new TaskCancellations();
        Request = request;
        _log = log;
        _events = events ?? new NoRunEvents();
        var list = (phases ?? PhaseCatalog.Standard()).OrderBy(p => p.Declaration.Number).ToList();
        _phases = list.ToDictionary(p => p.Declaration.Name);
        Declarations = list.Select(p => p.Declaration).ToList();
    }

    public RunRequest Request { get; }

    /// <summary>Requests to cancel single tasks of this run while it goes on (the dashboard's cancel).</summary>
    public TaskCancellations Cancellations { get; }

    public IReadOnlyList<PhaseDeclaration> Declarations { get; }

    /// <summary>The last phase: what <see cref="Targets.Default"/> runs up to.</summary>
    public PhaseDeclaration Last => Declarations[^1];

    public bool IsPrepared => _run is not null;

    /// <summary>Status or Cleanup: they look at saved runs and prepare none.</summary>
    public bool IsMaintenance => Request.OnlyPhase is null && Targets.Maintenance.Contains(Request.Target);

    public string? RunId => _run?.RunId;

    /// <summary>The run's state as this invocation holds it (what state.json says), once prepared.</summary>
    public RunState? State => _run?.State;

    /// <summary>Phases that failed without stopping the run (<see cref="FailurePolicy.RunGoesOn"/>); the run still exits 1.</summary>
    public IReadOnlyList<string> Failures => _failures;

    public PhaseDeclaration? Find(string name) => Declarations.FirstOrDefault(d => d.IsNamedBy(name));

    /// <summary>Checks everything and takes the run's locks; writes the run's settings before any phase runs.</summary>
    public async Task PrepareAsync(CancellationToken cancellation)
    {
        if (_run is not null)
        {
            return;
        }

        var run = await new RunPreparation(Request, Declarations, _log).PrepareAsync(cancellation);
        var outputs = new PhaseOutputs(run.State, Declarations);
        _run = run;
        _outputs = outputs;
        var toRun = PhasesToRun();
        _distribution = new RunDistribution(run, Request, new Git.GitCli(run.Settings.RepoPath!), _log);
        var fannedIn = await _distribution.FanInAsync(toRun, outputs, cancellation);
        if (fannedIn is not null)
        {
            run.State.Record(fannedIn, Order);
            if (!fannedIn.Success)
            {
                _failures.Add(fannedIn.PhaseName);
            }
        }

        await new RunChecks(run, Declarations, toRun, outputs, _log).CheckAsync(cancellation);
        var services = new RunServices(run, _log, _events, Cancellations) { Remote = _distribution.Tasks };
        _distribution.GuardedBy(services.Guard);
        _lease = RunLease.Acquire([
            (Request.ArtifactsPath, "the artifacts folder"),
            (await services.Git.CommonDirectoryAsync(cancellation), "the repository"),
        ]);
        _services = services;
        var secrets = SecretRedactor.FromEnvironment();
        _store = new StateStore(run.Layout.StateDirectory, RunLayout.StateFile, secrets.Redact)
        {
            Compact = run.Plan?.Tasks.Count > StateStore.CompactAbove,
        };
        run.State.Settings = run.Settings.WithoutSecrets(secrets.Finds).ToJson();
        if (run.LoadedFromFile)
        {
            foreach (var result in run.State.PhasesExecuted)
            {
                StateStore.SavePhase(run.Layout.PhaseFile(Declarations.Single(d => d.StateName == result.Phase)), result, secrets.Redact);
            }
        }

        if (fannedIn is not null && !run.LoadedFromFile)
        {
            StateStore.SavePhase(run.Layout.PhaseFile(Declarations.Single(d => d.StateName == fannedIn.Phase)), fannedIn, secrets.Redact);
        }

        Save();
        await _distribution.JoinAsync(cancellation);
        new RunsIndex(run.Layout.RunsIndexPath).Add(new RunRecord(run.RunId, run.Settings.RepoPath!, run.Settings.BaseCommit, DateTime.UtcNow, run.Settings.PlanPath));
        _log.Info(run.Continuing
            ? $"Going on with run {run.RunId} ({Describe(toRun)})"
            : $"Run {run.RunId} on {run.Settings.RepoPath} at {run.Settings.BaseCommit![..12]} ({Describe(toRun)})");
        _events.Publish(new RunStarted(run.RunId, run.Settings.RepoPath!, toRun.Select(p => p.Name).ToList()));
    }

    /// <summary>The phases this invocation will run, in order (none skipped, none carried over).</summary>
    public IReadOnlyList<PhaseDeclaration> PhasesToRun() =>
        Reached().Where(p => SkipReason(p) is null).ToList();

    /// <summary>Why a phase does not run in this invocation, or null when it runs.</summary>
    public string? SkipReason(PhaseDeclaration phase)
    {
        if (IsSkippedByRequest(phase))
        {
            return "skipped by --skip-phases";
        }

        if (_run is not { } run)
        {
            return null; // a dry run or a tree: nothing was prepared, nothing is carried
        }

        var saved = run.State.Latest(phase.StateName);
        var named = Request.OnlyPhase is { } only && phase.IsNamedBy(only);
        return run.Continuing && !named && !_ranNow.Contains(phase.Name) && phase.OnResume == ResumePolicy.KeepSaved && saved is { Success: true, Skipped: false }
            ? "carried over from the saved run"
            : null;
    }

    /// <summary>Whether the phase is the one this invocation was asked to reach.</summary>
    public bool IsTarget(PhaseDeclaration phase) =>
        Request.OnlyPhase is { } only ? phase.IsNamedBy(only) : TargetPhase == phase;

    public bool IsSkippedByRequest(PhaseDeclaration phase) => (_run?.Settings ?? Request.Settings).SkipPhases.Contains(phase.Name);

    /// <summary>Runs one phase and saves its result. Returns false when it failed and the run goes on without it.</summary>
    public async Task<bool> RunPhaseAsync(string name, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var phase = _phases[name];
        var declaration = phase.Declaration;
        var run = Run;
        CheckInputsNow(declaration);
        run.State.CurrentPhase = declaration.StateName;
        Save();
        var result = new PhaseResult { Phase = declaration.StateName, PhaseName = declaration.Name, StartedAt = DateTime.UtcNow };
        var stopwatch = Stopwatch.StartNew();
        _events.Publish(new PhaseStarted(declaration.Name, declaration.Number));
        PhaseOutcome outcome;
        try
        {
            outcome = await phase.RunAsync(_services!.ContextFor(_outputs!), cancellation);
        }
        catch (Exception ex) when (ex is not InputException and not OperationCanceledException)
        {
            _log.Verbose(ex.ToString());
            outcome = PhaseOutcome.Failed(ex.Message);
        }
        catch (Exception ex)
        {
            _events.Publish(new PhaseEnded(declaration.Name, declaration.Number, false, stopwatch.ElapsedMilliseconds, ex.Message));
            throw;
        }

        result.DurationMs = stopwatch.ElapsedMilliseconds;
        result.CompletedAt = DateTime.UtcNow;
        result.Success = outcome.Success;
        result.Error = outcome.Error;
        result.RetryCount = outcome.RetryCount;
        result.OutputData = outcome.Output is null ? null : _store!.Snapshot(outcome.Output);
        Record(declaration, result, outcome.Output);
        await _distribution!.AfterPhaseAsync(declaration, outcome.Success, outcome.Output, cancellation);
        _events.Publish(new PhaseEnded(declaration.Name, declaration.Number, outcome.Success, result.DurationMs, outcome.Error));
        cancellation.ThrowIfCancellationRequested();
        if (outcome.Success)
        {
            return true;
        }

        if (declaration.OnFailure == FailurePolicy.RunGoesOn)
        {
            _log.Error($"{declaration.Name}: {outcome.Error}");
            _failures.Add(declaration.Name);
            return false;
        }

        throw new PhaseFailedException(declaration.Name, $"{declaration.Name} failed: {outcome.Error}");
    }

    /// <summary>A phase skipped by --skip-phases: recorded as skipped, with the output it carries from the saved run.</summary>
    public void RecordSkipped(PhaseDeclaration phase)
    {
        var carried = Run.Saved?.Latest(phase.StateName);
        var now = DateTime.UtcNow;
        var result = new PhaseResult
        {
            Phase = phase.StateName,
            PhaseName = phase.Name,
            Success = true,
            Skipped = true,
            StartedAt = now,
            CompletedAt = now,
            OutputData = carried?.OutputData,
        };
        Run.State.Record(result, Order);
        Save(phase, result);
    }

    /// <summary>What <c>--emit</c> asked for, from the run's Planning result (GitHub's matrix or Buildkite's steps).</summary>
    public string Emit(EmitFormat format) => _distribution!.Emit(format, _outputs!);

    public RunSummary Summarize(bool success) => RunSummary.Of(Run.State, Reported(), success);

    /// <summary>The closing line: what came of the run, in words.</summary>
    public string Outcome(bool stopped) => RunOutcome.Describe(Run, Reported(), _failures, stopped);

    /// <summary>The closing line, told to the run's watchers as its end.</summary>
    public string End(bool success, bool stopped)
    {
        var outcome = Outcome(stopped);
        _events.Publish(new RunEnded(Run.RunId, success && _failures.Count == 0, stopped, outcome));
        return outcome;
    }

    public void Dispose()
    {
        _lease?.Dispose();
        _lease = null;
    }

    private PreparedRun Run => _run ?? throw new InvalidOperationException("the run has not been prepared");

    /// <summary>The phase <see cref="Targets.Default"/> or a phase target reaches.</summary>
    private PhaseDeclaration TargetPhase => Request.Target == Targets.Default ? Last : Find(Request.Target) ?? Last;

    // The summary and the closing line both read every output at the end: deserialized once for both.
    private PhaseOutputs Reported() => _reported ??= new(Run.State, Declarations, anyResult: true);

    private IEnumerable<PhaseDeclaration> Reached()
    {
        if (Request.OnlyPhase is { } only)
        {
            return Declarations.Where(d => d.IsNamedBy(only));
        }

        var reached = new HashSet<string>();
        var pending = new Stack<string>([TargetPhase.Name]);
        while (pending.TryPop(out var name))
        {
            if (reached.Add(name))
            {
                Declarations.Single(d => d.Name == name).After.ToList().ForEach(pending.Push);
            }
        }

        return Declarations.Where(d => reached.Contains(d.Name));
    }

    /// <summary>A required input made by a phase that failed just now, in this invocation: the run stops with its error.</summary>
    private void CheckInputsNow(PhaseDeclaration phase)
    {
        foreach (var input in phase.Reads.Where(i => i.Required && !_outputs!.Has(i.Phase)))
        {
            var producer = Declarations.Single(d => d.Name == input.Phase);
            if (Run.State.Latest(producer.StateName) is { Success: false } failed)
            {
                throw new PhaseFailedException(phase.Name, $"{phase.Name} cannot run: {producer.Name} failed: {failed.Error}");
            }

            throw RunChecks.MissingInput(phase, producer);
        }
    }

    private void Record(PhaseDeclaration phase, PhaseResult result, object? output)
    {
        var state = Run.State;
        _ranNow.Add(phase.Name);
        _reported = null;
        state.Record(result, Order);
        state.CurrentPhase = null;
        if (phase.StateField is { } field)
        {
            state.PhaseFields[field] = result.OutputData ?? Newtonsoft.Json.Linq.JValue.CreateNull();
        }

        _outputs!.Keep(phase.Name, output);
        ForgetStaleDependents(phase);
        Save(phase, result);
    }

    /// <summary>Saved results built on an earlier output of <paramref name="phase"/> are dropped, so they are made again.</summary>
    private void ForgetStaleDependents(PhaseDeclaration phase)
    {
        var stale = new List<PhaseDeclaration>();
        var changed = new HashSet<string> { phase.Name };
        foreach (var later in Declarations.Where(d => d.Number > phase.Number))
        {
            if (later.Reads.Any(r => changed.Contains(r.Phase)))
            {
                changed.Add(later.Name);
                if (!_ranNow.Contains(later.Name) && Run.State.Latest(later.StateName) is { Skipped: false })
                {
                    stale.Add(later);
                }
            }
        }

        foreach (var dependent in stale)
        {
            Run.State.Forget(dependent.StateName);
            _outputs!.Forget(dependent.Name);
            Run.Layout.Deletion.DeleteFile(Run.Layout.PhaseFile(dependent));
        }

        if (stale.Count > 0)
        {
            _log.Info($"Dropped the saved results of {string.Join(", ", stale.Select(s => s.Name))}: they were made from an earlier {phase.Name}");
        }
    }

    private int Order(string stateName) => Declarations.Single(d => d.StateName == stateName).Number;

    private void Save(PhaseDeclaration? phase = null, PhaseResult? result = null) =>
        _store!.Save(Run.State, phase is null ? null : Run.Layout.PhaseFile(phase), result, Request.SaveStatePath);

    private static string Describe(IReadOnlyList<PhaseDeclaration> phases) =>
        phases.Count == 0 ? "nothing to run" : $"phases to run: {string.Join(", ", phases.Select(p => p.Name))}";
}
