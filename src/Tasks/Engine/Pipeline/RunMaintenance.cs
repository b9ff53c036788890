using Orchestrator.Execution;
using Orchestrator.Git;
using Orchestrator.Merge;
using Orchestrator.State;

namespace Orchestrator.Phases;

/// <summary>The Status and Cleanup targets: look at and tidy up after the latest run.</summary>
internal static class RunMaintenance
{
    public static async Task PrintStatusAsync(RunContext run)
    {
        var summary = RunSummary.Of(run.State, success: true);
        var execution = StateJson.FromToken<ExecutionOutput>(run.State.Latest(PhaseId.ParallelExecution)?.OutputData);
        var merge = StateJson.FromToken<MergeOutput>(run.State.Latest(PhaseId.Merge)?.OutputData);
        var worktrees = execution?.Tasks.ToDictionary(t => t.Id, t => t.Worktree) ?? [];
        run.Log.InfoLine($"Run {run.RunId} on {run.RepoPath} (base {run.State.BaseCommit?[..12]})");
        foreach (var phase in run.State.PhasesExecuted)
        {
            var outcome = phase.Skipped ? "skipped" : phase.Success ? "ok" : $"failed: {phase.Error}";
            run.Log.InfoLine($"  phase {phase.PhaseName,-18} {outcome} ({phase.DurationMs} ms)");
        }

        foreach (var task in summary.Tasks)
        {
            var worktree = worktrees.GetValueOrDefault(task.Id) is { } path && Directory.Exists(path)
                ? $"{path} ({DiskUsage(path) / 1024.0:0.0} KiB)"
                : "-";
            run.Log.InfoLine($"  {task.Id,-8} {task.Status,-12} {task.Branch ?? "-"}  {worktree}");
        }

        if (merge is not null)
        {
            var into = merge.MergedInto is { } branch ? $", fast-forwarded {branch}" : merge.MergeIntoSkipped is { } why ? $", --merge-into: {why}" : "";
            var head = merge.IntegrationHead.Length >= 12 ? merge.IntegrationHead[..12] : "-";
            run.Log.InfoLine($"  integration {merge.IntegrationBranch} at {head}; {merge.TestRuns} test runs{into}");
        }

        var live = (await new Worktrees(run.Git).ListAsync()).Where(p => p.StartsWith(run.WorktreesDirectory, StringComparison.Ordinal)).ToList();
        run.Log.InfoLine($"  {live.Count} worktrees, {DiskUsage(run.WorktreesDirectory) / 1024.0 / 1024.0:0.0} MiB on disk");
    }

    public static async Task CleanupAsync(RunContext run)
    {
        var worktrees = new Worktrees(run.Git);
        var ours = (await worktrees.ListAsync()).Where(p => p.StartsWith(run.WorktreesDirectory, StringComparison.Ordinal)).ToList();
        foreach (var path in ours)
        {
            await worktrees.RemoveAsync(path);
        }

        if (Directory.Exists(run.WorktreesDirectory))
        {
            Directory.Delete(run.WorktreesDirectory, recursive: true);
        }

        await run.Git.RunAsync("worktree", "prune");
        var branches = 0;
        if (run.Options.CleanupAll)
        {
            var refs = await run.Git.LinesAsync("for-each-ref", "--format=%(refname)", $"refs/heads/orchestrator/{run.RunId}/");
            foreach (var reference in refs)
            {
                await run.Git.RunAsync("update-ref", "-d", reference);
                branches++;
            }
        }

        run.Log.InfoLine($"Removed {ours.Count} worktrees{(run.Options.CleanupAll ? $" and {branches} branches" : "")} of run {run.RunId}");
    }

    private static long DiskUsage(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Sum(f => f.Length)
            : 0;
}
