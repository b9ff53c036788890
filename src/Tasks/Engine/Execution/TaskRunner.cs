using Orchestrator.Agents;
using Orchestrator.Context;
using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Plans;
using Polly;
using Polly.Retry;

namespace Orchestrator.Execution;

/// <summary>
/// Runs one task to its end: each attempt from a clean worktree reset to the task's base, a failed or timed-out
/// attempt retried with exponential backoff (<c>--retries</c>, <c>--retry-delay</c>), every transition journaled.
/// </summary>
internal sealed class TaskRunner(
    RunContext run, TaskPlan plan, ExecutionLedger ledger, TaskWorkspace workspace, IReadOnlyDictionary<string, IAgent> agents,
    IReadOnlyDictionary<string, string> prompts)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OutsideChangeGuard> _guards = new();

    public async Task<bool> RunAsync(string id)
    {
        var record = ledger[id];
        TaskRunStatus status;
        try
        {
            status = await Retries(id).ExecuteAsync(async _ => await AttemptAsync(plan[id], record), run.Cancellation);
        }
        catch (OperationCanceledException)
        {
            ledger.Transition(record, TaskRunStatus.Cancelled, r => r.Error = "cancelled before its next attempt");
            status = TaskRunStatus.Cancelled;
        }

        record.CompletedAt = DateTime.UtcNow;
        return status == TaskRunStatus.Completed;
    }

    private async Task<TaskRunStatus> AttemptAsync(PlanTask task, TaskRun record)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var attempt = record.Attempts + 1;
        try
        {
            var dependencies = task.DependsOn.Where(d => ledger[d].Commit is not null).Select(d => (d, ledger[d].Commit!));
            var startingCommit = await workspace.StartingCommitAsync(run.BaseCommit, task.Id, dependencies);
            record.PromptFile ??= prompts.GetValueOrDefault(task.Id) ?? PromptWriter.WriteBasic(run, task, plan);
            ledger.Transition(record, TaskRunStatus.Running, r =>
            {
                r.Attempts = attempt;
                r.StartedAt ??= DateTime.UtcNow;
                r.Branch = TaskWorkspace.BranchName(run.RunId, task.Id);
                r.Worktree = workspace.PathFor(Path.Combine(run.WorktreesDirectory, task.Id));
                r.LogPath = Path.Combine(run.LogsDirectory, $"{task.Id}.log");
                r.BaseCommit = startingCommit;
                r.Commit = null;
                r.Error = null;
            });
            var worktree = await workspace.CreateAsync(record.Worktree!, record.Branch!, startingCommit);
            run.Log.InfoLine($"{task.Id} started on {record.Branch}{(attempt > 1 ? $" (attempt {attempt})" : "")}");
            // Snapshot once per task: a retry must not take a change its first attempt made outside as the new normal.
            if (!_guards.TryGetValue(task.Id, out var guard))
            {
                guard = _guards[task.Id] = await OutsideChangeGuard.SnapshotAsync(run.RepoPath, record.Worktree!, run.ArtifactsPath, ledger.TaskWorktrees);
            }

            var result = await agents[record.Agent!].RunAsync(
                new AgentInvocation
                {
                    TaskId = task.Id,
                    Description = task.Description,
                    TaskCommand = task.Command,
                    Worktree = record.Worktree!,
                    PromptFile = record.PromptFile,
                    LogPath = record.LogPath!,
                    Timeout = run.Options.TaskTimeout,
                    Files = task.Files,
                },
                run.Cancellation);
            result = await guard.CheckAsync(result);
            record.ExitCode = result.ExitCode;
            record.Usage = result.Usage;
            if (!result.Success)
            {
                var status = result.TimedOut ? TaskRunStatus.Timeout
                    : result.Cancelled || run.Cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
                return End(task, record, stopwatch, status, result.Error);
            }

            var (commit, changed) = await TaskWorkspace.CommitAsync(worktree, task.Id, task.Description, startingCommit);
            await workspace.PublishAsync(record.Branch!);
            ledger.Transition(record, TaskRunStatus.Completed, r =>
            {
                r.AttemptDurationsMs.Add(stopwatch.ElapsedMilliseconds);
                r.DurationMs = r.AttemptDurationsMs.Sum();
                r.Commit = commit;
                r.ChangedFiles = changed;
            });
            run.Log.InfoLine($"{task.Id} completed in {stopwatch.Elapsed.TotalSeconds:0.0}s, {changed.Count} files changed");
            return TaskRunStatus.Completed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, it ends this task only: the others run on and the error is in its record.
            var status = run.Cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
            return End(task, record, stopwatch, status, ex.Message);
        }
    }

    private TaskRunStatus End(PlanTask task, TaskRun record, System.Diagnostics.Stopwatch stopwatch, TaskRunStatus status, string? error)
    {
        ledger.Transition(record, status, r =>
        {
            r.Attempts = Math.Max(r.Attempts, 1);
            r.AttemptDurationsMs.Add(stopwatch.ElapsedMilliseconds);
            r.DurationMs = r.AttemptDurationsMs.Sum();
            r.Error = error;
        });
        var log = record.LogPath is null ? "" : $" (log: {record.LogPath})";
        run.Log.ErrorLine($"{task.Id} {status.ToString().ToLowerInvariant()} on attempt {record.Attempts}: {error}{log}");
        return status;
    }

    private ResiliencePipeline<TaskRunStatus> Retries(string id)
    {
        if (run.Options.Retries <= 0)
        {
            return ResiliencePipeline<TaskRunStatus>.Empty;
        }

        return new ResiliencePipelineBuilder<TaskRunStatus>()
            .AddRetry(new RetryStrategyOptions<TaskRunStatus>
            {
                MaxRetryAttempts = run.Options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = run.Options.RetryDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(
                    !run.Cancellation.IsCancellationRequested && args.Outcome.Result is TaskRunStatus.Failed or TaskRunStatus.Timeout),
                OnRetry = args =>
                {
                    run.Log.WarningLine($"{id}: retrying in {args.RetryDelay.TotalSeconds:0.#}s (retry {args.AttemptNumber + 1} of {run.Options.Retries})");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
