using Orchestrator.Context;
using Orchestrator.Execution;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Merge;

/// <summary>
/// --on-conflict=retry-sequential: runs a conflicted task's agent again in a fresh worktree of the integration head, so it
/// sees the work merged so far, under the task's <see cref="RunLayout.RetryName"/> (its own branch, worktree, prompt
/// and log; the first attempt's branch is kept). The attempt is made like ParallelExecution's and journaled as Merge's.
/// </summary>
internal static class SequentialRetry
{
    /// <summary>The redone task's commit, or null when the agent failed or changed nothing.</summary>
    public static async Task<string?> RunAsync(
        PhaseContext run, TaskPlan plan, TaskRun first, string integrationHead,
        IReadOnlyList<string> conflictPaths, CancellationToken cancellation)
    {
        var task = plan[first.Id];
        var name = RunLayout.RetryName(task.Id);
        var prompt = PromptWriter.Render(task, plan, []) + string.Join('\n',
            "",
            "## Second attempt",
            "",
            $"Your first attempt conflicted with work merged meanwhile, in: {string.Join(", ", conflictPaths.Select(p => $"`{p}`"))}.",
            "This worktree holds that merged work; do the task again on top of it, keeping what is there.",
            "");
        var redo = new TaskRun { Id = task.Id, Agent = first.Agent ?? task.Agent ?? run.Settings.Agent };
        var recorder = new TaskRecorder(run, MergePhase.Output.Phase);
        var attempt = new TaskAttempt(
            run, task, redo, new TaskWorkspace(run.Worktrees, run.Layout, WorkspaceMode.WorktreePerTask), run.Agents.Create(redo.Agent), recorder)
        {
            Name = name,
            StartingCommit = _ => Task.FromResult(integrationHead),
            PromptFile = () => PromptWriter.Write(run.Layout, name, prompt),
            CommitNote = " (redone on the integration head)",
            Setup = WorktreeSetup.For(run),
        };
        try
        {
            if (await attempt.RunAsync(cancellation) != TaskRunStatus.Completed)
            {
                run.Log.Error($"{task.Id} second attempt failed: {redo.Error} (log: {run.Layout.LogFile(name)})");
                return null;
            }
        }
        catch (OperationCanceledException)
        {
            recorder.Transition(redo, TaskRunStatus.Cancelled, r => r.Error = "cancelled");
            throw;
        }

        if (redo.ChangedFiles.Count == 0)
        {
            run.Log.Warning($"{task.Id} second attempt changed nothing");
            return null;
        }

        return redo.Commit;
    }
}
