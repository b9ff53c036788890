using Orchestrator.Context;
using Orchestrator.Distribution;
using Orchestrator.Execution;
using Orchestrator.Git;
using Orchestrator.Merge;
using Orchestrator.Planning;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// A run spread over machines that meet at <c>--remote</c>: the planning invocation publishes the run (its state and
/// prompts) there after each planning phase; a worker that joined restores the prompts and runs its selection; the
/// merging invocation fans the tasks' records in as ParallelExecution's result and pushes the integration branch.
/// Nothing happens here when the run has no remote.
/// </summary>
internal sealed class RunDistribution
{
    private readonly PreparedRun _run;
    private readonly RunRequest _request;
    private readonly IRunLog _log;
    private readonly RunRemote? _remote;

    public RunDistribution(PreparedRun run, RunRequest request, GitCli git, IRunLog log)
    {
        _run = run;
        _request = request;
        _log = log;
        _remote = run.Settings.Remote is { } remote ? new RunRemote(git, remote, run.Layout) : null;
        Tasks = _remote is null ? null : new RemoteMeeting(_remote, request.Selection, TimeSpan.FromSeconds(run.Settings.WaitTimeoutSeconds), log);
        if (request.Selection is not null && _remote is null)
        {
            throw new InputException($"{(request.Selection.Tasks.Count > 0 ? "--tasks" : "--shard")}: the run has no --remote to meet its other machines at");
        }

        if (request.Selection is { Tasks.Count: > 0 } selection && run.Plan is { } plan)
        {
            selection.Select(plan); // an id the plan does not have is refused before anything is written
        }
    }

    /// <summary>What ParallelExecution's tasks see of the other machines; null when the run has no remote.</summary>
    public IRemoteTasks? Tasks { get; }

    /// <summary>Refs fetched from the remote while agents run are the run's own doing, as the guard is told.</summary>
    public void GuardedBy(Agents.OutsideChangeGuard guard)
    {
        if (_remote is not null)
        {
            _remote.Moving = guard.RunMoves;
        }
    }

    /// <summary>A run joined from the remote: the prompts published with it, where this machine's run keeps them.</summary>
    public async Task JoinAsync(CancellationToken cancellation)
    {
        if (_run.Joined)
        {
            await _remote!.RestorePromptsAsync(cancellation);
        }
    }

    /// <summary>
    /// Merge to run here without ParallelExecution, on a run with a remote: the tasks' records fetched from it become
    /// ParallelExecution's result, recorded in the state like a phase that ran.
    /// </summary>
    public async Task<PhaseResult?> FanInAsync(IReadOnlyList<PhaseDeclaration> toRun, IPhaseOutputs outputs, CancellationToken cancellation)
    {
        if (_remote is null || toRun.All(p => p.Name != "Merge") || toRun.Any(p => p.Name == "ParallelExecution")
            || outputs.Find(PlanningPhase.Output) is not { } planning)
        {
            return null;
        }

        var output = await FanIn.GatherAsync(_remote, planning, _run.Settings.BaseCommit!, cancellation);
        _log.Info($"Fetched the records of run {_run.RunId} from {_remote.Name}: {output.Completed} of {output.Tasks.Count} tasks completed");
        var now = DateTime.UtcNow;
        return new PhaseResult
        {
            Phase = "PARALLEL_EXECUTION",
            PhaseName = "ParallelExecution",
            Success = output.NotCompleted == 0,
            StartedAt = now,
            CompletedAt = now,
            OutputData = StateJson.ToToken(output),
            Error = output.NotCompleted == 0 ? null
                : "not completed on any machine: " + string.Join(", ", output.Tasks.Where(t => t.Status is not (TaskRunStatus.Completed or TaskRunStatus.Skipped or TaskRunStatus.Deferred))
                    .Select(t => $"{t.Id} {t.Status.ToString().ToLowerInvariant()}")),
        };
    }

    /// <summary>After a phase: a planning phase's state published on the remote; Merge's result pushed there.</summary>
    public async Task AfterPhaseAsync(PhaseDeclaration phase, bool success, object? output, CancellationToken cancellation)
    {
        if (_remote is null)
        {
            return;
        }

        if (phase.OnResume == ResumePolicy.KeepSaved && success)
        {
            var prompts = (output as FilteringOutput)?.Prompts.Where(p => File.Exists(p.PromptFile)).ToDictionary(p => p.Task, p => p.PromptFile)
                ?? new Dictionary<string, string>();
            // Loaded rather than copied: a large run's state names its plan file instead of holding the plan.
            var state = StateStore.Load(Path.Combine(_run.Layout.StateDirectory, RunLayout.StateFile));
            await _remote.PublishPlanAsync(StateJson.Serialize(state), prompts, _run.Settings.BaseCommit!, cancellation);
            _log.Info($"Published run {_run.RunId} on {_remote.Name} ({_run.Layout.PlanRef}): join it with --run-id={_run.RunId} --remote={_remote.Name}");
        }
        else if (output is MergeOutput { IntegrationHead.Length: > 0 } merged)
        {
            await _remote.PushIntegrationAsync(merged.IntegrationHead, cancellation);
            _log.Info($"Pushed {merged.IntegrationBranch} ({merged.IntegrationHead[..12]}) to {_remote.Name}");
        }
    }

    /// <summary>What <c>--emit</c> prints, from the run's Planning result.</summary>
    public string Emit(EmitFormat format, IPhaseOutputs outputs)
    {
        var planning = outputs.Find(PlanningPhase.Output)
            ?? throw new InputException("--emit: the run has no Planning result yet; run --target=Planning (or later) with it");
        return format == EmitFormat.GitHubMatrix
            ? CiEmitters.GitHubMatrix(planning.Plan, _request.Shards) + "\n"
            : CiEmitters.Buildkite(planning.Plan, _run.RunId, _run.Settings.Remote
                ?? throw new InputException("--emit=buildkite: the run has no --remote for its steps to meet at"));
    }
}
