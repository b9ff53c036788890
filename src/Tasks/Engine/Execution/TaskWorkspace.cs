using Orchestrator.Git;

namespace Orchestrator.Execution;

/// <summary>Where tasks run: a worktree each (parallel), one worktree for all (sequential), or one local clone (no worktrees).</summary>
internal enum WorkspaceMode
{
    WorktreePerTask,
    SharedWorktree,
    SharedClone,
}

/// <summary>A task's git side: its starting commit, its worktree and branch, and the commit of what its agent changed.</summary>
internal sealed class TaskWorkspace(GitCli repository, Worktrees worktrees, WorkspaceMode mode, string sharedPath)
{
    public WorkspaceMode Mode => mode;

    public static string BranchName(string runId, string taskId) => $"orchestrator/{runId}/{taskId}";

    public string PathFor(string perTaskPath) => mode == WorkspaceMode.WorktreePerTask ? perTaskPath : sharedPath;

    /// <summary>Whether this repository lets us add worktrees: adds and removes a throwaway one.</summary>
    public static async Task<string?> WorktreeProblemAsync(Worktrees worktrees, string probePath, string commit)
    {
        try
        {
            await worktrees.AddDetachedAsync(probePath, commit);
            await worktrees.RemoveAsync(probePath);
            return null;
        }
        catch (GitException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// The run's base with the work of every dependency merged in, so a task sees what it builds on. Dependencies
    /// already contained in another are skipped; diverging ones are combined with an in-memory merge.
    /// </summary>
    public async Task<string> StartingCommitAsync(string runBase, string taskId, IEnumerable<(string Id, string Commit)> dependencies)
    {
        var current = runBase;
        foreach (var (dependencyId, commit) in dependencies)
        {
            if (commit == current || await TreeMerge.IsAncestorAsync(repository, commit, current))
            {
                continue;
            }

            if (await TreeMerge.IsAncestorAsync(repository, current, commit))
            {
                current = commit;
                continue;
            }

            var (merged, merge) = await TreeMerge.CommitMergeAsync(repository, current, commit, $"Combine dependencies of {taskId}");
            current = merged ?? throw new TaskFailure(
                $"the work of its dependencies conflicts ({dependencyId}: {string.Join(", ", merge.ConflictPaths)})");
        }

        return current;
    }

    /// <summary>A clean checkout of <paramref name="branch"/>, (re)set to <paramref name="startingCommit"/>.</summary>
    public async Task<GitCli> CreateAsync(string path, string branch, string startingCommit)
    {
        if (mode == WorkspaceMode.WorktreePerTask || (mode == WorkspaceMode.SharedWorktree && !File.Exists(Path.Combine(path, ".git"))))
        {
            return await worktrees.AddAsync(path, branch, startingCommit);
        }

        var checkout = repository.In(path);
        if (mode == WorkspaceMode.SharedClone && !Directory.Exists(Path.Combine(path, ".git")))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await repository.RunAsync("clone", "--quiet", "--shared", "--no-checkout", repository.WorkingDirectory, path);
        }

        await checkout.RunAsync("checkout", "--quiet", "--force", "-B", branch, startingCommit);
        await checkout.RunAsync("clean", "-fdxq");
        return checkout;
    }

    /// <summary>Makes the task's branch visible in the repository (a clone's branches live in the clone until fetched).</summary>
    public async Task PublishAsync(string branch)
    {
        if (mode == WorkspaceMode.SharedClone)
        {
            await repository.RunAsync("fetch", "--quiet", sharedPath, $"+refs/heads/{branch}:refs/heads/{branch}");
        }
    }

    /// <summary>Commits everything the agent left in the worktree; returns the new head and the files changed since the start.</summary>
    public static async Task<(string Head, List<string> ChangedFiles)> CommitAsync(GitCli worktree, string taskId, string description, string startingCommit)
    {
        await worktree.RunAsync("add", "--all");
        var staged = await worktree.RunAsync("diff", "--cached", "--name-only");
        if (staged.Length > 0)
        {
            var subject = description.Split('\n')[0];
            await worktree.RunAsync("commit", "--quiet", "--no-verify", "-m", $"{taskId}: {subject}");
        }

        var head = await worktree.RunAsync("rev-parse", "HEAD");
        var changed = await worktree.LinesAsync("diff", "--name-only", startingCommit, head);
        return (head, changed.ToList());
    }
}

/// <summary>A task that cannot go on, with the reason recorded in its result.</summary>
internal sealed class TaskFailure(string message) : Exception(message);
