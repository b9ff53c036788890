using Orchestrator.Agents;
using Orchestrator.Context;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;
using Polly;
using Polly.Retry;

namespace Orchestrator.Execution;

/// <summary>
/// Runs one task to its end: each attempt from a clean worktree reset to the task's base, a failed or timed-out
/// attempt retried with exponential backoff (<c>--retries</c>, <c>--retry-delay</c>), every transition journaled.
/// </summary>
internal sealed class TaskRunner(
    PhaseContext run, TaskPlan plan, ExecutionLedger ledger, TaskWorkspace workspace, IReadOnlyDictionary<string, IAgent> agents,
    IReadOnlyDictionary<string, string> prompts)
{
    /// <summary>Rate and usage limits: the agents they pause, and how long each task has waited.</summary>
    public required AgentPauses Pauses { get; init; }

    /// <summary>What the run has spent; every attempt adds to it.</summary>
    public RunBudget? Budget { get; init; }

    public WorktreeSetup? Setup { get; init; }

    /// <summary>The scheduler's slots: a task waiting for another machine gives its slot back meanwhile.</summary>
    public required TaskSlots Slots { get; init; }

    /// <summary>Tasks of the plan that other machines run (<see cref="PhaseContext.Remote"/>): waited for on the remote.</summary>
    public IReadOnlySet<string> Elsewhere { get; init; } = new HashSet<string>();

    public async Task<bool> RunAsync(string id, CancellationToken cancellation)
    {
        var record = ledger[id];
        var task = plan[id];
        if (await DoneElsewhereAsync(task, record, cancellation) is not { } fromElsewhere)
        {
            await PublishAsync(record, cancellation);
            return false;
        }

        var attempt = new TaskAttempt(run, task, record, workspace, agents[record.Agent!], ledger.Recorder)
        {
            Name = id,
            StartingCommit = ct => workspace.StartingCommitAsync(run.BaseCommit, id, CompletedDependencies(task).Concat(fromElsewhere), ct),
            PromptFile = () => PromptOf(task),
            Started = r => run.Log.Info($"{id} started on {r.Branch}{(r.Attempts > 1 ? $" (attempt {r.Attempts})" : "")}"),
            Setup = Setup,
            ContinueSession = record.Interrupted,
            FinishInBackground = true,
        };
        record.Interrupted = false;
        TaskRunStatus status;
        try
        {
            status = await Retries(id, cancellation).ExecuteAsync(
                async _ => Report(record, await Pauses.AttemptAsync(
                    record, () => CountedAsync(attempt, record, cancellation), () => attempt.RateLimited, ledger.Recorder, cancellation)),
                cancellation);
        }
        catch (OperationCanceledException)
        {
            ledger.Transition(record, TaskRunStatus.Cancelled, r => r.Error = "cancelled before its next attempt");
            status = TaskRunStatus.Cancelled;
        }

        record.CompletedAt = DateTime.UtcNow;
        await PublishAsync(record, cancellation);
        return status == TaskRunStatus.Completed;
    }

    /// <summary>
    /// Waits for the dependencies other machines run to be published on the remote: their commits, or null when one of
    /// them did not complete there (this task is then blocked) or the wait gave up (it fails).
    /// </summary>
    private async Task<IReadOnlyList<(string Id, string Commit)>?> DoneElsewhereAsync(PlanTask task, TaskRun record, CancellationToken cancellation)
    {
        var awaited = task.DependsOn.Where(Elsewhere.Contains).ToList();
        if (run.Remote is not { } remote || awaited.Count == 0)
        {
            return [];
        }

        RemoteWait wait;
        try
        {
            wait = await Slots.IdleWhileAsync(() => remote.WaitForAsync(awaited, cancellation));
        }
        catch (OperationCanceledException)
        {
            ledger.Transition(record, TaskRunStatus.Cancelled, r => r.Error = $"cancelled while waiting for {string.Join(", ", awaited)}");
            return null;
        }

        if (wait.Blocker is { } blocker)
        {
            var reason = $"blocked by {blocker.Task} ({blocker.Status.ToString().ToLowerInvariant()} on another machine)";
            ledger.Transition(record, TaskRunStatus.Blocked, r => r.Error = reason);
            run.Log.Warning($"{task.Id} {reason}");
            return null;
        }

        if (wait.Problem is { } problem)
        {
            ledger.Transition(record, TaskRunStatus.Failed, r => r.Error = problem);
            run.Log.Error($"{task.Id} failed: {problem}");
            return null;
        }

        return awaited.Select(d => (d, wait.Commits[d])).ToList();
    }

    /// <summary>With a remote, how the task ended is pushed there for the other machines (a cancelled task is not: it runs again).</summary>
    private async Task PublishAsync(TaskRun record, CancellationToken cancellation)
    {
        if (run.Remote is { } remote && record.Status != TaskRunStatus.Cancelled && !cancellation.IsCancellationRequested)
        {
            try
            {
                await remote.PublishAsync(TaskRecorder.EntryOf(run.RunId, record, record.Status), cancellation);
            }
            catch (Exception ex) when (ex is Git.GitException or OperationCanceledException)
            {
                // Not fatal here: running the shard again pushes what it completed (SharedProgress.SyncAsync).
                run.Log.Error($"{record.Id}: its record did not reach the remote, so other machines still wait for it: {ex.Message}");
            }
        }
    }

    // ContextFiltering's prompt; on a machine that joined the run, the one published with the plan; else a basic one.
    private string PromptOf(PlanTask task) =>
        prompts.GetValueOrDefault(task.Id) is { } filtered && File.Exists(filtered) ? filtered
        : run.Remote is not null && File.Exists(run.Layout.PromptFile(task.Id)) ? run.Layout.PromptFile(task.Id)
        : PromptWriter.WriteBasic(run.Layout, task, plan);

    // Read when each attempt starts: a retry builds on the dependencies' commits as they are then.
    private IEnumerable<(string Id, string Commit)> CompletedDependencies(PlanTask task) =>
        task.DependsOn.Where(d => ledger[d].Commit is not null).Select(d => (d, ledger[d].Commit!));

    private async Task<TaskRunStatus> CountedAsync(TaskAttempt attempt, TaskRun record, CancellationToken cancellation)
    {
        var status = await attempt.RunAsync(cancellation);
        Budget?.Add(record.Usage);
        return status;
    }

    private TaskRunStatus Report(TaskRun record, TaskRunStatus status)
    {
        if (status == TaskRunStatus.Completed)
        {
            run.Log.Info($"{record.Id} completed in {record.AttemptDurationsMs[^1] / 1000.0:0.0}s, {record.ChangedFiles.Count} files changed" +
                (record.Usage is { } usage ? $", {usage.Describe()}" : ""));
        }
        else
        {
            var log = record.LogPath is null ? "" : $" (log: {record.LogPath})";
            run.Log.Error($"{record.Id} {status.ToString().ToLowerInvariant()} on attempt {record.Attempts}: {record.Error}{log}");
        }

        return status;
    }

    private ResiliencePipeline<TaskRunStatus> Retries(string id, CancellationToken cancellation)
    {
        if (run.Settings.Retries <= 0)
        {
            return ResiliencePipeline<TaskRunStatus>.Empty;
        }

        return new ResiliencePipelineBuilder<TaskRunStatus>()
            .AddRetry(new RetryStrategyOptions<TaskRunStatus>
            {
                MaxRetryAttempts = run.Settings.Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = run.Settings.RetryDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(
                    !cancellation.IsCancellationRequested && args.Outcome.Result is TaskRunStatus.Failed or TaskRunStatus.Timeout
                    && !Pauses.GaveUp(id)),
                OnRetry = args =>
                {
                    run.Log.Warning($"{id}: retrying in {args.RetryDelay.TotalSeconds:0.#}s (retry {args.AttemptNumber + 1} of {run.Settings.Retries})");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
