using System.Collections.Concurrent;
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
        var runs = output.Tasks.ToDictionary(t => t.Id);
        var workspace = new TaskWorkspace(run.Git, new Worktrees(run.Git));
        var agents = new ConcurrentDictionary<string, IAgent>();
        foreach (var name in output.Tasks.Where(t => t.Status == TaskRunStatus.Pending).Select(t => t.Agent!).Distinct())
        {
            agents[name] = AgentCatalog.Create(name, run.Options with { RepoPath = run.RepoPath });
        }

        var toRun = plan.Tasks.Where(t => !t.Done).Select(t => t.Id).ToList();
        var withoutCommand = toRun.FirstOrDefault(id => runs[id].Agent == "command" && plan[id].Command is null && run.Options.AgentCommand is null);
        if (withoutCommand is not null)
        {
            throw new InputException($"--agent-command: the command agent needs a program to run (task {withoutCommand} has no \"command\" of its own)");
        }

        var remaining = graph.LongestPathToEnd(t => t.EstimateSeconds ?? 1);
        run.Log.InfoLine($"Running {toRun.Count} tasks ({output.Mode}, at most {output.MaxConcurrent} at once)");
        var scheduler = new ReadyQueueScheduler(toRun, id => plan[id].DependsOn, id => remaining[id], output.MaxConcurrent);
        await scheduler.RunAsync(
            id => ExecuteAsync(run, plan[id], runs, workspace, agents[runs[id].Agent!], prompts.GetValueOrDefault(id), plan),
            (id, cause) =>
            {
                runs[id].Status = TaskRunStatus.Blocked;
                runs[id].Error = $"blocked by {cause} ({runs[cause].Status.ToString().ToLowerInvariant()})";
                run.Log.WarningLine($"{id} blocked: {runs[id].Error}");
            },
            run.Cancellation);

        foreach (var notStarted in output.Tasks.Where(t => t.Status == TaskRunStatus.Pending))
        {
            notStarted.Status = TaskRunStatus.Cancelled;
        }

        var unfinished = output.Tasks.Where(t => t.Status is not (TaskRunStatus.Completed or TaskRunStatus.Skipped)).ToList();
        return unfinished.Count == 0
            ? PhaseOutcome.Succeeded(output)
            : PhaseOutcome.PartlyFailed(
                $"{unfinished.Count} of {toRun.Count} tasks did not complete: " +
                string.Join(", ", unfinished.Select(t => $"{t.Id} {t.Status.ToString().ToLowerInvariant()}")),
                output);
    }

    private static async Task<bool> ExecuteAsync(
        RunContext run, PlanTask task, IReadOnlyDictionary<string, TaskRun> runs, TaskWorkspace workspace, IAgent agent, string? promptFile, TaskPlan plan)
    {
        var record = runs[task.Id];
        record.Status = TaskRunStatus.Running;
        record.StartedAt = DateTime.UtcNow;
        record.Attempts++;
        record.Branch = TaskWorkspace.BranchName(run.RunId, task.Id);
        record.Worktree = Path.Combine(run.WorktreesDirectory, task.Id);
        record.LogPath = Path.Combine(run.LogsDirectory, $"{task.Id}.log");
        record.PromptFile = promptFile ?? PromptWriter.WriteBasic(run, task, plan);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var dependencies = task.DependsOn.Where(d => runs[d].Commit is not null).Select(d => (d, runs[d].Commit!));
            record.BaseCommit = await workspace.StartingCommitAsync(run.BaseCommit, task.Id, dependencies);
            var worktree = await workspace.CreateAsync(record.Worktree, record.Branch, record.BaseCommit);
            run.Log.InfoLine($"{task.Id} started on {record.Branch}");
            var guard = await OutsideChangeGuard.SnapshotAsync(run.RepoPath, record.Worktree, run.ArtifactsPath, () => runs.Values.Where(r => r.Status == TaskRunStatus.Running).Select(r => r.Worktree));
            var result = await agent.RunAsync(
                new AgentInvocation
                {
                    TaskId = task.Id,
                    Description = task.Description,
                    TaskCommand = task.Command,
                    Worktree = record.Worktree,
                    PromptFile = record.PromptFile,
                    LogPath = record.LogPath,
                    Timeout = run.Options.TaskTimeout,
                    Files = task.Files,
                },
                run.Cancellation);
            result = await guard.CheckAsync(result);
            record.ExitCode = result.ExitCode;
            record.Usage = result.Usage;
            if (!result.Success)
            {
                record.Status = result.TimedOut ? TaskRunStatus.Timeout : result.Cancelled ? TaskRunStatus.Cancelled : TaskRunStatus.Failed;
                record.Error = result.Error;
                run.Log.ErrorLine($"{task.Id} {record.Status.ToString().ToLowerInvariant()}: {result.Error} (log: {record.LogPath})");
                return false;
            }

            (record.Commit, record.ChangedFiles) = await TaskWorkspace.CommitAsync(worktree, task.Id, task.Description, record.BaseCommit);
            record.Status = TaskRunStatus.Completed;
            run.Log.InfoLine($"{task.Id} completed in {stopwatch.Elapsed.TotalSeconds:0.0}s, {record.ChangedFiles.Count} files changed");
            return true;
        }
        catch (Exception ex) when (ex is TaskFailure or GitException or InputException)
        {
            record.Status = TaskRunStatus.Failed;
            record.Error = ex.Message;
            run.Log.ErrorLine($"{task.Id} failed: {ex.Message}");
            return false;
        }
        finally
        {
            record.DurationMs = stopwatch.ElapsedMilliseconds;
            record.CompletedAt = DateTime.UtcNow;
        }
    }
}
