using Orchestrator.Agents;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// A task's attempts at its work, made the same way by ParallelExecution (and its retries) and by Merge's redo of a
/// conflicted task: a clean workspace at the starting commit on the task's branch, the agent on the task's prompt and
/// file scope, the run's outside-change guard around it, every process it left behind stopped when it ends, the task's
/// checks (<see cref="TaskChecks"/>), the commit of what it left in its (verified) worktree (a task that changed nothing
/// is flagged <c>no_changes</c>, or fails under <c>--require-changes</c>); every transition recorded. What went wrong in
/// an attempt ends that attempt only: its status and error are in <paramref name="record"/>.
/// </summary>
internal sealed class TaskAttempt(
    PhaseContext run, PlanTask task, TaskRun record, TaskWorkspace workspace, IAgent agent, TaskRecorder recorder)
{
    // Processes left behind get this long between SIGTERM and SIGKILL.
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(2);

    /// <summary>The name of its branch, worktree and log: the task's id, or <see cref="RunLayout.RetryName"/> for a redo.</summary>
    public required string Name { get; init; }

    /// <summary>The commit the attempt starts from, worked out anew for each attempt.</summary>
    public required Func<CancellationToken, Task<string>> StartingCommit { get; init; }

    /// <summary>The prompt file, written when the first attempt needs it.</summary>
    public required Func<string> PromptFile { get; init; }

    /// <summary>Added to the task's description in the commit message.</summary>
    public string CommitNote { get; init; } = "";

    /// <summary>Told when the workspace is ready and the agent about to start.</summary>
    public Action<TaskRun>? Started { get; init; }

    /// <summary>
    /// A completed attempt hands its slot back as soon as its entry is written: the entry's flush to disk and the
    /// worktree's removal go on beside the next task (<see cref="TaskWorkspace.SettleAsync"/> waits for them).
    /// </summary>
    public bool FinishInBackground { get; init; }

    /// <summary>Copies ignored files and runs the set-up command in a new worktree before its agent.</summary>
    public WorktreeSetup? Setup { get; init; }

    /// <summary>
    /// Set when the run that ran the task was killed: the next attempt continues the agent's recorded session in the
    /// existing worktree, where its CLI can (<see cref="IResumableAgent"/>); cleared by that attempt.
    /// </summary>
    public bool ContinueSession { get; set; }

    /// <summary>The limit the last attempt hit, if it ended on one: it did not count, and the task is ready again.</summary>
    public RateLimit? RateLimited { get; private set; }

    /// <summary>One attempt: how it ended. Only cancellation between its steps escapes as an exception.</summary>
    public async Task<TaskRunStatus> RunAsync(CancellationToken cancellation)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var attempt = record.Attempts + 1;
        var branch = run.Layout.TaskBranch(Name);
        var resumable = agent as IResumableAgent;
        // A worktree not on the task's branch is not the one its session ran in (a recycling the kill cut short).
        var resuming = ContinueSession && resumable is not null && record.SessionId is not null && record.BaseCommit is not null
            && await workspace.IsOnBranchAsync(workspace.PathFor(Name), branch, cancellation);
        ContinueSession = false;
        RateLimited = null;
        var leaveNow = true;
        run.Guard.Enter(Name, workspace.PathFor(Name), "refs/heads/" + branch);
        try
        {
            // A recycled worktree is moved while the starting commit is worked out; checked out once it is.
            var starting = resuming ? Task.FromResult(record.BaseCommit!) : StartingCommit(cancellation);
            var creating = resuming ? null : workspace.CreateAsync(workspace.PathFor(Name), branch, starting, cancellation, task.Files);
            string startingCommit;
            try
            {
                startingCommit = await starting;
            }
            catch when (creating is not null)
            {
                await ((Task)creating).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            var session = resuming ? record.SessionId : resumable?.NewSessionId();
            record.PromptFile ??= PromptFile();
            // The worktree is made while the running entry is flushed to disk: making it again is safe, starting the agent is not.
            var running = recorder.TransitionAsync(record, TaskRunStatus.Running, r =>
            {
                r.Attempts = attempt;
                r.StartedAt ??= DateTime.UtcNow;
                r.Branch = branch;
                r.Worktree = workspace.PathFor(Name);
                r.LogPath = run.Layout.LogFile(Name);
                r.BaseCommit = startingCommit;
                r.Commit = null;
                r.Error = null;
                r.Usage = null;
                r.SessionId = session;
                r.ResumedSession = resumable is null ? null : resuming;
            });
            if (resuming)
            {
                run.Log.Info($"{Name}: continuing its {agent.Name} session {session} in {record.Worktree}");
            }
            else
            {
                await creating!;
            }

            await running;
            Started?.Invoke(record);
            var invocation = new AgentInvocation
            {
                RunId = run.RunId,
                TaskId = task.Id,
                Description = task.Description,
                TaskCommand = task.Command,
                Worktree = record.Worktree!,
                PromptFile = record.PromptFile!,
                LogPath = record.LogPath!,
                Timeout = run.Settings.TaskTimeout,
                Files = task.Files,
                MaxLogBytes = run.Settings.MaxLogBytes,
                OnLogLine = line => run.Events.Publish(new TaskOutput(task.Id, line)),
                SessionId = session,
                ResumeSession = resuming,
                OnSessionId = id => recorder.Transition(record, TaskRunStatus.Running, r => r.SessionId = id),
                MaxTurns = run.Settings.TaskMaxTurns,
            };
            if (!resuming && Setup is { IsNeeded: true } && await Setup.PrepareAsync(invocation, cancellation) is { } setupFailed)
            {
                return End(stopwatch, cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed, setupFailed);
            }

            var result = await RunAgentAsync(invocation, cancellation);
            record.ExitCode = result.ExitCode;
            record.Usage = result.Usage;
            if (result.RateLimit is { } limit && !cancellation.IsCancellationRequested)
            {
                RateLimited = limit;
                recorder.Transition(record, TaskRunStatus.Ready, r =>
                {
                    r.Attempts = attempt - 1;
                    r.RateLimited++;
                    r.Error = $"rate-limited: {limit.Evidence}";
                });
                return TaskRunStatus.Ready;
            }

            if (!result.Success)
            {
                var status = result.TimedOut ? TaskRunStatus.Timeout
                    : result.Cancelled || cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
                return End(stopwatch, status, result.Error);
            }

            // What the agent did is committed even when the run is being stopped meanwhile: a finished task's work is
            // kept (a resume does not redo it), and only from a worktree that is still this run's, on its branch.
            var finishing = CancellationToken.None;
            var worktree = await workspace.CheckedAfterAgentAsync(record.Worktree!, record.Branch!, finishing);
            if (await TaskChecks.RunAsync(TaskChecks.For(task, run.Settings), invocation, cancellation) is { } checkFailed)
            {
                return End(stopwatch, cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed, checkFailed);
            }

            var (commit, changed) = await workspace.CommitAsync(worktree, task.Id, task.Description + CommitNote, startingCommit, finishing);
            if (changed.Count == 0 && run.Settings.RequireChanges)
            {
                return End(stopwatch, TaskRunStatus.Failed, "its agent succeeded but changed nothing (--require-changes)");
            }

            await workspace.PublishAsync(record.Branch!, finishing);
            var recorded = recorder.TransitionAsync(record, TaskRunStatus.Completed, r =>
            {
                r.AttemptDurationsMs.Add(stopwatch.ElapsedMilliseconds);
                r.DurationMs = r.AttemptDurationsMs.Sum();
                r.Commit = commit;
                r.ChangedFiles = changed;
                r.NoChanges = changed.Count == 0;
            });
            if (record.NoChanges)
            {
                run.Log.Warning($"{task.Id}: its agent succeeded but changed nothing; recorded completed with no_changes (--require-changes fails such a task)");
            }

            if (FinishInBackground && workspace.Recycle(record.Worktree!, recorded, () => run.Guard.Leave(Name)))
            {
                // The guard keeps the worktree as this task's until it is the next task's or gone: neither is an outside change.
                leaveNow = false;
                workspace.Later(() => recorded);
            }
            else if (FinishInBackground)
            {
                // Not a worktree of its own (one shared checkout, or the repository itself): nothing to recycle or remove.
                leaveNow = false;
                workspace.Later(async () =>
                {
                    await recorded;
                    run.Guard.Leave(Name);
                });
            }
            else
            {
                await recorded;
                await DiscardWorktreeAsync();
            }

            return TaskRunStatus.Completed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, it ends this attempt only: the other tasks run on and the error is in its record.
            var status = cancellation.IsCancellationRequested ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
            return End(stopwatch, status, ex.Message);
        }
        finally
        {
            if (leaveNow)
            {
                run.Guard.Leave(Name);
            }
        }
    }

    /// <summary>
    /// The agent between two looks of the guard; once it exits, whatever it left running is stopped before anything
    /// is checked or committed (a watcher still writing would change the work under our feet).
    /// </summary>
    private async Task<AgentResult> RunAgentAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        await run.Guard.AgentStartingAsync(Name, cancellation);
        AgentResult result;
        string? outside;
        try
        {
            result = await agent.RunAsync(invocation, cancellation);
        }
        finally
        {
            var leftovers = await Processes.TaskProcesses.StopAsync(record.Worktree!, LeftoverGrace);
            if (leftovers > 0)
            {
                run.Log.Info($"{Name}: stopped {leftovers} processes its agent left running");
            }

            outside = await run.Guard.AgentEndedAsync(Name, CancellationToken.None);
        }

        return outside is null ? result
            : result with { Success = false, RateLimit = null, Error = outside + (result.Success ? "" : $"; also: {result.Error}") };
    }

    /// <summary>The completed task's checkout is not needed any more; failing to remove it does not undo the task.</summary>
    private async Task DiscardWorktreeAsync()
    {
        try
        {
            await run.Guard.BetweenLooksAsync(() => workspace.DiscardAsync(record.Worktree!, CancellationToken.None), CancellationToken.None);
        }
        catch (Exception ex) when (ex is Git.GitException or IOException or UnauthorizedAccessException or Guards.UnsafePathException)
        {
            run.Log.Warning($"{Name}: its worktree {record.Worktree} could not be removed: {ex.Message}");
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
