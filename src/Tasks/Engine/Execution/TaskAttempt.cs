using Orchestrator.Agents;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// A task's attempts at its work, made the same way by ParallelExecution (and its retries) and by Merge's redo of a
/// conflicted task: a clean workspace at the starting commit on the task's branch, the agent on the task's prompt and
/// file scope, the outside-change guard around it, the commit of what it left; every transition recorded. What went
/// wrong in an attempt ends that attempt only: its status and error are in <paramref name="record"/>.
/// </summary>
internal sealed class TaskAttempt(
    PhaseContext run, PlanTask task, TaskRun record, TaskWorkspace workspace, IAgent agent, TaskRecorder recorder)
{
    // Taken once per task: a retry must not take a change its first attempt made outside as the new normal.
    private OutsideChangeGuard? _guard;

    /// <summary>The name of its branch, worktree and log: the task's id, or <see cref="RunLayout.RetryName"/> for a redo.</summary>
    public required string Name { get; init; }

    /// <summary>The commit the attempt starts from, worked out anew for each attempt.</summary>
    public required Func<CancellationToken, Task<string>> StartingCommit { get; init; }

    /// <summary>The prompt file, written when the first attempt needs it.</summary>
    public required Func<string> PromptFile { get; init; }

    /// <summary>Other checkouts of the run the guard leaves alone (see <see cref="ExecutionLedger.TaskWorktrees"/>).</summary>
    public required Func<IEnumerable<string?>> BusyWorktrees { get; init; }

    /// <summary>Added to the task's description in the commit message.</summary>
    public string CommitNote { get; init; } = "";

    /// <summary>Told when the workspace is ready and the agent about to start.</summary>
    public Action<TaskRun>? Started { get; init; }

    /// <summary>One attempt: how it ended. Only cancellation between its steps escapes as an exception.</summary>
    public async Task<TaskRunStatus> RunAsync(CancellationToken cancellation)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var attempt = record.Attempts + 1;
        try
        {
            var startingCommit = await StartingCommit(cancellation);
            record.PromptFile ??= PromptFile();
            recorder.Transition(record, TaskRunStatus.Running, r =>
            {
                r.Attempts = attempt;
                r.StartedAt ??= DateTime.UtcNow;
                r.Branch = run.Layout.TaskBranch(Name);
                r.Worktree = workspace.PathFor(Name);
                r.LogPath = run.Layout.LogFile(Name);
                r.BaseCommit = startingCommit;
                r.Commit = null;
                r.Error = null;
            });
            var worktree = await workspace.CreateAsync(record.Worktree!, record.Branch!, startingCommit, cancellation);
            Started?.Invoke(record);
            _guard ??= await OutsideChangeGuard.SnapshotAsync(run.RepoPath, record.Worktree!, run.Layout.Artifacts, BusyWorktrees, cancellation);
            var result = await agent.RunAsync(
                new AgentInvocation
                {
                    TaskId = task.Id,
                    Description = task.Description,
                    TaskCommand = task.Command,
                    Worktree = record.Worktree!,
                    PromptFile = record.PromptFile,
                    LogPath = record.LogPath!,
                    Timeout = run.Settings.TaskTimeout,
                    Files = task.Files,
                    OnLogLine = line => run.Events.Publish(new TaskOutput(task.Id, line)),
                },
                cancellation);

            // What the agent did is checked and committed even when the run is being stopped meanwhile: a finished
            // task's work is kept (a resume does not redo it), and never taken unchecked.
            var finishing = CancellationToken.None;
            result = await _guard.CheckAsync(result, finishing);
            record.ExitCode = result.ExitCode;
            record.Usage = result.Usage;
            if (!result.Success)
            {
                var status = result.TimedOut ? TaskRunStatus.Timeout
                    : result.Cancelled || cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
                return End(stopwatch, status, result.Error);
            }

            var (commit, changed) = await TaskWorkspace.CommitAsync(worktree, task.Id, task.Description + CommitNote, startingCommit, finishing);
            await workspace.PublishAsync(record.Branch!, finishing);
            recorder.Transition(record, TaskRunStatus.Completed, r =>
            {
                r.AttemptDurationsMs.Add(stopwatch.ElapsedMilliseconds);
                r.DurationMs = r.AttemptDurationsMs.Sum();
                r.Commit = commit;
                r.ChangedFiles = changed;
            });
            return TaskRunStatus.Completed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, it ends this attempt only: the other tasks run on and the error is in its record.
            var status = cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
            return End(stopwatch, status, ex.Message);
        }
    }

    private TaskRunStatus End(System.Diagnostics.Stopwatch stopwatch, TaskRunStatus status, string? error)
    {
        recorder.Transition(record, status, r =>
        {
            r.Attempts = Math.Max(r.Attempts, 1);
            r.AttemptDurationsMs.Add(stopwatch.ElapsedMilliseconds);
            r.DurationMs = r.AttemptDurationsMs.Sum();
            r.Error = error;
        });
        return status;
    }
}
