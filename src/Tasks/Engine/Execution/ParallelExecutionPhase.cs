using Orchestrator.Context;
using Orchestrator.Planning;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// Phase 4: each ready task's agent in its own worktree and branch, up to --max-concurrent at once. It always goes on
/// from the journal: tasks this run completed (whose commits are still there) are kept, the rest run again.
/// </summary>
public sealed class ParallelExecutionPhase : IPhase
{
    public static readonly PhaseOutput<ExecutionOutput> Output = new("ParallelExecution");

    public PhaseDeclaration Declaration { get; } = new()
    {
        Number = 4,
        Name = "ParallelExecution",
        StateName = "PARALLEL_EXECUTION",
        Description = "run agents on ready tasks in parallel, each in its own git worktree and branch",
        After = ["ContextFiltering"],
        Reads = [PlanningPhase.Output.Required, ContextFilteringPhase.Output.Optional],
        OnFailure = FailurePolicy.RunGoesOn,
        OnResume = ResumePolicy.Continue,
    };

    public async Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation)
    {
        var planning = run.Outputs.Require(PlanningPhase.Output);
        var plan = planning.Plan;
        var graph = new TaskGraph(plan);
        var prompts = run.Outputs.Find(ContextFilteringPhase.Output)?.Prompts.ToDictionary(p => p.Task, p => p.PromptFile) ?? [];
        var parallel = run.Settings.MaxConcurrent > 1 && graph.Batches.Any(b => b.Count > 1);
        var output = new ExecutionOutput
        {
            Mode = parallel ? "parallel" : "sequential",
            MaxConcurrent = parallel ? run.Settings.MaxConcurrent : 1,
            BaseCommit = run.BaseCommit,
            Tasks = planning.Tasks.Select(t => new TaskRun
            {
                Id = t.Id,
                Status = plan[t.Id].Done ? TaskRunStatus.Skipped : plan[t.Id].Deferred ? TaskRunStatus.Deferred : TaskRunStatus.Pending,
                Agent = t.Agent ?? run.Settings.Agent,
            }).ToList(),
        };
        var ledger = new ExecutionLedger(run, output);
        var journal = run.Journal.ReadAll();
        await GoOnFromJournalAsync(run, ledger, journal.Where(e => e.RunId == run.RunId).ToList(), cancellation);
        BlockDependentsOfDeferred(run, graph, ledger);
        var here = run.Remote?.Select(plan) ?? graph.TopologicalOrder.ToHashSet(StringComparer.Ordinal);
        output.Elsewhere = graph.TopologicalOrder.Where(id => !here.Contains(id) && plan[id].ToDo).ToList();
        if (run.Remote is { } remote)
        {
            await SharedProgress.SyncAsync(run, remote, ledger, here, cancellation);
        }

        var toRun = graph.TopologicalOrder.Where(id => ledger[id].Status == TaskRunStatus.Pending && here.Contains(id)).ToList();
        var agents = toRun.Select(id => ledger[id].Agent!).Distinct().ToDictionary(name => name, run.Agents.Create);
        var workspace = await ChooseWorkspaceAsync(run, output, toRun.Count, cancellation);
        RecycleLeftovers(run, ledger, workspace);
        var estimates = DurationEstimates.FromJournal(journal, run.RunId);
        var remaining = graph.LongestPathToEnd(estimates.Of);
        run.Log.Info($"Running {toRun.Count} tasks ({output.Mode}, at most {output.MaxConcurrent} at once)");
        using var budget = new RunBudget(run, journal, cancellation);
        var scheduler = new ReadyQueueScheduler(
            toRun, id => plan[id].DependsOn, id => parallel ? remaining[id] : 0, output.MaxConcurrent);
        var runner = new TaskRunner(run, plan, ledger, workspace, agents, prompts)
        {
            Pauses = new AgentPauses(run, scheduler.Slots),
            Budget = budget,
            Setup = WorktreeSetup.For(run),
            Elsewhere = output.Elsewhere.ToHashSet(),
            Slots = scheduler.Slots,
        };
        await scheduler.RunAsync(
            id => RunUnlessCancelledAsync(run, runner, ledger, id, cancellation),
            (id, cause) =>
            {
                var reason = $"blocked by {cause} ({ledger[cause].Status.ToString().ToLowerInvariant()})";
                ledger.Transition(ledger[id], TaskRunStatus.Blocked, r => r.Error = reason);
                run.Log.Warning($"{id} {reason}");
            },
            budget.Starts,
            id => ledger[id].Status = TaskRunStatus.Ready);
        await workspace.SettleAsync();
        if (run.Remote is { } shared)
        {
            await SharedProgress.PublishBlockedAsync(run, shared, ledger, toRun, cancellation);
        }

        var overBudget = budget.Reached && !cancellation.IsCancellationRequested;
        foreach (var notStarted in output.Tasks.Where(t => t.Status is TaskRunStatus.Pending or TaskRunStatus.Ready && here.Contains(t.Id)))
        {
            ledger.Transition(notStarted, TaskRunStatus.Cancelled, r =>
            {
                r.Error = overBudget ? $"not started: the run's budget was reached ({budget.Spent})" : "not started: the run was cancelled";
                r.CancelReason = overBudget ? "budget" : null;
            });
        }

        var unfinished = output.Tasks.Where(t => t.Status is not (TaskRunStatus.Completed or TaskRunStatus.Skipped or TaskRunStatus.Deferred)
            && here.Contains(t.Id)).ToList();
        return unfinished.Count == 0
            ? PhaseOutcome.Succeeded(output)
            : PhaseOutcome.Failed(
                $"{unfinished.Count} of {output.Tasks.Count(t => t.Status is not (TaskRunStatus.Skipped or TaskRunStatus.Deferred) && here.Contains(t.Id))} tasks did not complete: " +
                string.Join(", ", unfinished.Select(t => $"{t.Id} {t.Status.ToString().ToLowerInvariant()}")) +
                (overBudget ? $"; budget reached: {budget.Spent}" : ""),
                output);
    }

    /// <summary>
    /// A task cancelled on its own (<see cref="TaskCancellations"/>) is stopped, or never started, while the run goes on:
    /// it ends cancelled and its dependents are blocked.
    /// </summary>
    private static async Task<bool> RunUnlessCancelledAsync(
        PhaseContext run, TaskRunner runner, ExecutionLedger ledger, string id, CancellationToken cancellation)
    {
        if (run.Cancellations.IsCancelled(id))
        {
            ledger.Transition(ledger[id], TaskRunStatus.Cancelled, r => r.Error = "cancelled on request before it started");
            run.Log.Warning($"{id} cancelled on request");
            return false;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, run.Cancellations.TokenFor(id));
        return await runner.RunAsync(id, either.Token);
    }

    /// <summary>
    /// A deferred task satisfies no dependency: every task that depends on one, directly or through others, is blocked
    /// by it and not run.
    /// </summary>
    private static void BlockDependentsOfDeferred(PhaseContext run, TaskGraph graph, ExecutionLedger ledger)
    {
        var cause = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in graph.TopologicalOrder)
        {
            var record = ledger[id];
            if (record.Status == TaskRunStatus.Deferred)
            {
                cause[id] = id;
            }
            else if (record.Status == TaskRunStatus.Pending
                && graph.Plan[id].DependsOn.FirstOrDefault(cause.ContainsKey) is { } blocker)
            {
                cause[id] = cause[blocker];
                var reason = $"blocked by {cause[blocker]} (deferred)";
                ledger.Transition(record, TaskRunStatus.Blocked, r => r.Error = reason);
                run.Log.Warning($"{id} {reason}");
            }
        }
    }

    /// <summary>
    /// When the journal has entries of this run, it was interrupted (or ran before): its leftovers are cleaned up, the
    /// tasks it completed (whose commits are still there) are kept, and everything else runs again from a clean worktree.
    /// </summary>
    private static async Task GoOnFromJournalAsync(
        PhaseContext run, ExecutionLedger ledger, IReadOnlyList<TaskEvent> journal, CancellationToken cancellation)
    {
        if (journal.Count == 0)
        {
            return;
        }

        await RunRecovery.CleanUpAsync(run, cancellation);
        var restored = ledger.Replay(journal);
        foreach (var task in restored.Where(t => t.Status == TaskRunStatus.Completed))
        {
            if (!await RunRecovery.CommitStillThereAsync(run.Git, task, cancellation))
            {
                task.Status = TaskRunStatus.Pending;
                task.Commit = null;
            }
        }

        ledger.Output.Resumed = restored.Count(t => t.Status == TaskRunStatus.Completed);
        run.Log.Info($"Resuming run {run.RunId}: {ledger.Output.Resumed} tasks already completed, " +
            $"{ledger.Output.Tasks.Count(t => t.Status == TaskRunStatus.Pending)} to run");
    }

    /// <summary>A worktree per task in parallel mode; one shared worktree in sequential mode; a clone when worktrees fail.</summary>
    private static async Task<TaskWorkspace> ChooseWorkspaceAsync(PhaseContext run, ExecutionOutput output, int taskCount, CancellationToken cancellation)
    {
        var mode = output.Mode == "parallel" ? WorkspaceMode.WorktreePerTask : WorkspaceMode.SharedWorktree;
        if (taskCount > 0 && await TaskWorkspace.WorktreeProblemAsync(run.Worktrees, run.Layout, run.BaseCommit, cancellation) is { } problem)
        {
            output.FallbackReason = $"git worktrees cannot be created here, so tasks run one at a time in a clone: {problem}";
            output.Mode = "sequential";
            output.MaxConcurrent = 1;
            mode = WorkspaceMode.SharedClone;
            run.Log.Warning(output.FallbackReason);
        }

        var sparseAlways = run.Settings.Sparse ? RepositoryConfig.Load(run.Settings.RepoPath).SparseAlways : null;
        if (sparseAlways is not null && mode == WorkspaceMode.WorktreePerTask && taskCount > 0)
        {
            await run.Worktrees.AllowWorktreeConfigAsync(cancellation);
        }

        return new TaskWorkspace(run.Worktrees, run.Layout, mode, sparseAlways)
        {
            Run = (run.Guard, run.Log),
        };
    }

    /// <summary>The worktree of a completed task that a killed run left behind is a spare for the next task, like any other.</summary>
    private static void RecycleLeftovers(PhaseContext run, ExecutionLedger ledger, TaskWorkspace workspace)
    {
        if (workspace.Mode != WorkspaceMode.WorktreePerTask)
        {
            return;
        }

        foreach (var task in ledger.Output.Tasks.Where(t => t.Status == TaskRunStatus.Completed && t.Branch is not null
            && t.Worktree == workspace.PathFor(t.Id) && Directory.Exists(t.Worktree)))
        {
            run.Guard.Enter(task.Id, task.Worktree!, "refs/heads/" + task.Branch);
            if (!workspace.Recycle(task.Worktree!, Task.CompletedTask, () => run.Guard.Leave(task.Id)))
            {
                run.Guard.Leave(task.Id);
            }
        }
    }
}
