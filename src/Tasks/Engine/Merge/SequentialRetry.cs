using Orchestrator.Agents;
using Orchestrator.Context;
using Orchestrator.Execution;
using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Merge;

/// <summary>
/// --on-conflict=retry-sequential: runs a conflicted task's agent again in a fresh worktree of the integration head, so it
/// sees the work merged so far, on its own branch <c>orchestrator/&lt;run&gt;/&lt;task&gt;-retry</c> (the first attempt's branch is kept).
/// </summary>
internal static class SequentialRetry
{
    /// <summary>The redone task's commit, or null when the agent failed or changed nothing.</summary>
    public static async Task<string?> RunAsync(RunContext run, TaskPlan plan, TaskRun first, string integrationHead, IReadOnlyList<string> conflictPaths)
    {
        var task = plan[first.Id];
        var name = $"{task.Id}-retry";
        var path = Path.Combine(run.WorktreesDirectory, name);
        var worktree = await new Worktrees(run.Git).AddAsync(path, TaskWorkspace.BranchName(run.RunId, name), integrationHead);
        var prompt = PromptWriter.Render(task, plan, []) + string.Join('\n',
            "",
            "## Second attempt",
            "",
            $"Your first attempt conflicted with work merged meanwhile, in: {string.Join(", ", conflictPaths.Select(p => $"`{p}`"))}.",
            "This worktree holds that merged work; do the task again on top of it, keeping what is there.",
            "");
        var invocation = new AgentInvocation
        {
            TaskId = task.Id,
            Description = task.Description,
            TaskCommand = task.Command,
            Worktree = path,
            PromptFile = PromptWriter.Write(run, name, prompt),
            LogPath = Path.Combine(run.LogsDirectory, $"{name}.log"),
            Timeout = run.Options.TaskTimeout,
        };
        var result = await run.CreateAgent(first.Agent ?? run.Options.Agent).RunAsync(invocation, run.Cancellation);
        if (!result.Success)
        {
            run.Log.ErrorLine($"{task.Id} second attempt failed: {result.Error} (log: {invocation.LogPath})");
            return null;
        }

        var (head, changed) = await TaskWorkspace.CommitAsync(worktree, task.Id, task.Description + " (redone on the integration head)", integrationHead);
        if (changed.Count == 0)
        {
            run.Log.WarningLine($"{task.Id} second attempt changed nothing");
            return null;
        }

        return head;
    }
}
