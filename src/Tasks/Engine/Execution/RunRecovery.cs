using Orchestrator.Git;
using Orchestrator.Processes;
using Orchestrator.Runs;

namespace Orchestrator.Execution;

/// <summary>
/// Tidies up after a run that was killed: its orphaned agents, the locks git left in its worktrees, worktree metadata
/// of folders that are gone, and completed tasks whose branch does not point at their recorded commit.
/// </summary>
internal static class RunRecovery
{
    public static async Task CleanUpAsync(PhaseContext run, CancellationToken cancellation)
    {
        var worktreesDirectory = run.Layout.WorktreesDirectory;
        var killed = ProcessTree.KillProcessesWorkingIn(worktreesDirectory);
        if (killed > 0)
        {
            run.Log.Warning($"Stopped {killed} agent processes left running in {worktreesDirectory}");
        }

        var common = await run.Git.CommonDirectoryAsync(cancellation);
        var metadata = Path.Combine(common, "worktrees");
        var removed = 0;
        foreach (var entry in Directory.Exists(metadata) ? Directory.GetDirectories(metadata) : [])
        {
            var gitdir = Path.Combine(entry, "gitdir");
            if (File.Exists(gitdir) && RunLayout.IsInside(File.ReadAllText(gitdir).Trim(), worktreesDirectory))
            {
                var own = new Guards.ContainedDeletion(entry);
                removed += DeleteIfPresent(own, Path.Combine(entry, "index.lock")) + DeleteIfPresent(own, Path.Combine(entry, "locked"));
            }
        }

        var refLocks = Path.Combine([common, .. run.Layout.RefPrefix.Split('/', StringSplitOptions.RemoveEmptyEntries)]);
        var runRefs = new Guards.ContainedDeletion(refLocks);
        foreach (var stale in Directory.Exists(refLocks) ? Directory.GetFiles(refLocks, "*.lock", SearchOption.AllDirectories) : [])
        {
            removed += DeleteIfPresent(runRefs, stale);
        }

        foreach (var shared in new[] { run.Layout.SequentialWorktree, run.Layout.SharedClone }.Select(p => Path.Combine(p, ".git", "index.lock")))
        {
            removed += DeleteIfPresent(run.Layout.Deletion, shared);
        }

        if (removed > 0)
        {
            run.Log.Warning($"Removed {removed} stale git lock files left by the interrupted run");
        }

        await run.Git.RunAsync(["worktree", "prune"], cancellation);
    }

    /// <summary>Whether a task recorded completed still has its commit, with its branch pointing at it.</summary>
    public static async Task<bool> CommitStillThereAsync(GitCli git, TaskRun task, CancellationToken cancellation)
    {
        if (task.Commit is null || task.Branch is null || await git.ResolveAsync(task.Commit, cancellation) is null)
        {
            return false;
        }

        if (await git.ResolveAsync($"refs/heads/{task.Branch}", cancellation) != task.Commit)
        {
            await git.RunAsync(["update-ref", $"refs/heads/{task.Branch}", task.Commit], cancellation);
        }

        return true;
    }

    private static int DeleteIfPresent(Guards.ContainedDeletion deletion, string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        deletion.DeleteFile(path);
        return 1;
    }
}
