using Orchestrator.Agents;
using Orchestrator.Context;
using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Execution;

/// <summary>Phase 4: each ready task's agent in its own worktree and branch, up to --max-concurrent at once.</summary>
public sealed class ParallelExecutionPhase : IPhase
{
    public PhaseId Id => PhaseId.ParallelExecution;

    public string Description => "run agents on ready tasks in parallel, each in its own git worktree and branch";

    public async Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var planning = run.RequireOutput<PlanningOutput>(PhaseId.Planning, Id);
        var plan = planning.ToPlan();
        var graph = new TaskGraph(plan);
        var prompts = run.OptionalOutput<FilteringOutput>(PhaseId.ContextFiltering)?.Prompts.ToDictionary(p => p.Task, p => p.PromptFile) ?? [];
        var parallel = run.Options.MaxConcurrent > 1 && graph.Batches.Any(b => b.Count > 1);
        var output = new ExecutionOutput
        {
            Mode = parallel ? "parallel" : "sequential",
            MaxConcurrent = parallel ? run.Options.MaxConcurrent : 1,
            BaseCommit = run.BaseCommit,
            Tasks = plan.Tasks.Select((t, index) => new TaskRun
            {
                Id = t.Id,
                Status = t.Done ? TaskRunStatus.Skipped : TaskRunStatus.Pending,
                Agent = AgentRoster.Pick(t.Agent ?? run.Options.Agent, index),
            }).ToList(),
        };
        var ledger = new ExecutionLedger(run, output);
        if (run.Options.Resume)
        {
            await ResumeAsync(run, ledger);
        }

        var toRun = graph.TopologicalOrder.Where(id => ledger[id].Status == TaskRunStatus.Pending).ToList();
        var agents = toRun.Select(id => ledger[id].Agent!).Distinct()
            .ToDictionary(name => name, run.CreateAgent);
        var withoutCommand = toRun.FirstOrDefault(id => ledger[id].Agent == "command" && plan[id].Command is null && run.Options.AgentCommand is null);
        if (withoutCommand is not null)
        {
            throw new InputException($"--agent-command: the command agent needs a program to run (task {withoutCommand} has no \"command\" of its own)");
        }

        var workspace = await ChooseWorkspaceAsync(run, output, toRun.Count);
        var estimates = DurationEstimates.FromJournal(ledger.Journal, run.RunId);
        var remaining = graph.LongestPathToEnd(estimates.Of);
        run.Log.InfoLine($"Running {toRun.Count} tasks ({output.Mode}, at most {output.MaxConcurrent} at once)");
        var runner = new TaskRunner(run, plan, ledger, workspace, agents, prompts);
        var scheduler = new ReadyQueueScheduler(
            toRun, id => plan[id].DependsOn, id => parallel ? remaining[id] : 0, output.MaxConcurrent);
        await scheduler.RunAsync(
            runner.RunAsync,
            (id, cause) =>
            {
                var reason = $"blocked by {cause} ({ledger[cause].Status.ToString().ToLowerInvariant()})";
                ledger.Transition(ledger[id], TaskRunStatus.Blocked, r => r.Error = reason);
                run.Log.WarningLine($"{id} {reason}");
            },
            run.Cancellation,
            id => ledger[id].Status = TaskRunStatus.Ready);

        foreach (var notStarted in output.Tasks.Where(t => t.Status is TaskRunStatus.Pending or TaskRunStatus.Ready))
        {
            ledger.Transition(notStarted, TaskRunStatus.Cancelled, r => r.Error = "not started: the run was cancelled");
        }

        var unfinished = output.Tasks.Where(t => t.Status is not (TaskRunStatus.Completed or TaskRunStatus.Skipped)).ToList();
        return unfinished.Count == 0
            ? PhaseOutcome.Succeeded(output)
            : PhaseOutcome.PartlyFailed(
                $"{unfinished.Count} of {output.Tasks.Count(t => t.Status != TaskRunStatus.Skipped)} tasks did not complete: " +
                string.Join(", ", unfinished.Select(t => $"{t.Id} {t.Status.ToString().ToLowerInvariant()}")),
                output);
    }

    /// <summary>Completed tasks (whose commits are still there) are kept; everything else runs again from a clean worktree.</summary>
    private static async Task ResumeAsync(RunContext run, ExecutionLedger ledger)
    {
        await RunRecovery.CleanUpAsync(run);
        var restored = ledger.Replay();
        foreach (var task in restored.Where(t => t.Status == TaskRunStatus.Completed))
        {
            if (!await RunRecovery.CommitStillThereAsync(run.Git, task))
            {
                task.Status = TaskRunStatus.Pending;
                task.Commit = null;
            }
        }

        ledger.Output.Resumed = restored.Count(t => t.Status == TaskRunStatus.Completed);
        run.Log.InfoLine($"Resuming run {run.RunId}: {ledger.Output.Resumed} tasks already completed, " +
            $"{ledger.Output.Tasks.Count(t => t.Status == TaskRunStatus.Pending)} to run");
    }

    /// <summary>A worktree per task in parallel mode; one shared worktree in sequential mode; a clone when worktrees fail.</summary>
    private static async Task<TaskWorkspace> ChooseWorkspaceAsync(RunContext run, ExecutionOutput output, int taskCount)
    {
        var worktrees = new Worktrees(run.Git);
        var mode = output.Mode == "parallel" ? WorkspaceMode.WorktreePerTask : WorkspaceMode.SharedWorktree;
        if (taskCount > 0 && await TaskWorkspace.WorktreeProblemAsync(worktrees, Path.Combine(run.WorktreesDirectory, ".probe"), run.BaseCommit) is { } problem)
        {
            output.FallbackReason = $"git worktrees cannot be created here, so tasks run one at a time in a clone: {problem}";
            output.Mode = "sequential";
            output.MaxConcurrent = 1;
            mode = WorkspaceMode.SharedClone;
            run.Log.WarningLine(output.FallbackReason);
        }

        var shared = Path.Combine(run.WorktreesDirectory, mode == WorkspaceMode.SharedClone ? "clone" : "sequential");
        return new TaskWorkspace(run.Git, worktrees, mode, shared);
    }
}
