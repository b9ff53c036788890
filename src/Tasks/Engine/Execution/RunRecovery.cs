using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Processes;

namespace Orchestrator.Execution;

/// <summary>
/// Tidies up after a run that was killed: its orphaned agents, the locks git left in its worktrees, worktree metadata
/// of folders that are gone, and completed tasks whose branch does not point at their recorded commit.
/// </summary>
internal static class RunRecovery
{
    public static async Task CleanUpAsync(RunContext run)
    {
        var killed = ProcessTree.KillProcessesWorkingIn(run.WorktreesDirectory);
        if (killed > 0)
        {
            run.Log.WarningLine($"Stopped {killed} agent processes left running in {run.WorktreesDirectory}");
        }

        var common = RunStart.GitCommonDirectory(run.RepoPath);
        var metadata = Path.Combine(common, "worktrees");
        var removed = 0;
        foreach (var entry in Directory.Exists(metadata) ? Directory.GetDirectories(metadata) : [])
        {
            var gitdir = Path.Combine(entry, "gitdir");
            if (File.Exists(gitdir) && File.ReadAllText(gitdir).Trim().StartsWith(run.WorktreesDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                removed += DeleteIfPresent(Path.Combine(entry, "index.lock")) + DeleteIfPresent(Path.Combine(entry, "locked"));
            }
        }

        var refLocks = Path.Combine(common, "refs", "heads", "orchestrator", run.RunId);
        foreach (var stale in Directory.Exists(refLocks) ? Directory.GetFiles(refLocks, "*.lock", SearchOption.AllDirectories) : [])
        {
            removed += DeleteIfPresent(stale);
        }

        foreach (var shared in new[] { "sequential", "clone" }.Select(n => Path.Combine(run.WorktreesDirectory, n, ".git", "index.lock")))
        {
            removed += DeleteIfPresent(shared);
        }

        if (removed > 0)
        {
            run.Log.WarningLine($"Removed {removed} stale git lock files left by the interrupted run");
        }

        await run.Git.RunAsync("worktree", "prune");
    }

    /// <summary>Whether a task recorded completed still has its commit, with its branch pointing at it.</summary>
    public static async Task<bool> CommitStillThereAsync(GitCli git, TaskRun task)
    {
        if (task.Commit is null || task.Branch is null || await git.ResolveAsync(task.Commit) is null)
        {
            return false;
        }

        if (await git.ResolveAsync($"refs/heads/{task.Branch}") != task.Commit)
        {
            await git.RunAsync("update-ref", $"refs/heads/{task.Branch}", task.Commit);
        }

        return true;
    }

    private static int DeleteIfPresent(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        File.Delete(path);
        return 1;
    }
}
