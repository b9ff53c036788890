using Orchestrator.Git;

namespace Orchestrator.Execution;

/// <summary>A task's git side: its starting commit, its worktree and branch, and the commit of what its agent changed.</summary>
internal sealed class TaskWorkspace(GitCli repository, Worktrees worktrees)
{
    public static string BranchName(string runId, string taskId) => $"orchestrator/{runId}/{taskId}";

    /// <summary>
    /// The run's base with the work of every dependency merged in, so a task sees what it builds on. Dependencies
    /// already contained in another are skipped; diverging ones are combined with an in-memory merge.
    /// </summary>
    public async Task<string> StartingCommitAsync(string runBase, string taskId, IEnumerable<(string Id, string Commit)> dependencies)
    {
        var current = runBase;
        foreach (var (dependencyId, commit) in dependencies)
        {
            if (await TreeMerge.IsAncestorAsync(repository, commit, current))
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

    public Task<GitCli> CreateAsync(string path, string branch, string startingCommit) => worktrees.AddAsync(path, branch, startingCommit);

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
