using Orchestrator.Guards;

namespace Orchestrator.Git;

/// <summary>
/// What git keeps of a worktree's operations in its own metadata folder (<c>.git/worktrees/&lt;name&gt;</c>), which a
/// recycled worktree would otherwise carry from one task to the next. A forced checkout of another branch ends a
/// merge, cherry-pick or revert (and their sequencer), but not a bisect, a stopped rebase or <c>git am</c>, nor the
/// HEAD reflog (the task before's history) or the per-worktree refs (<c>refs/bisect</c>, <c>refs/worktree</c>).
/// </summary>
public static class WorktreeLeftovers
{
    private static readonly string[] Folders = ["rebase-merge", "rebase-apply", "sequencer", "logs", "refs"];
    private static readonly string[] Files = ["AUTO_MERGE", "COMMIT_EDITMSG", "SQUASH_MSG"];

    /// <summary>
    /// Deletes them from <paramref name="metadata"/>, in process (only inside it, never through a link); what the
    /// worktree needs stays: HEAD, index (and a split index's shared part), commondir, gitdir, the sparse checkout's files.
    /// </summary>
    public static void Forget(string metadata)
    {
        var own = new ContainedDeletion(metadata);
        foreach (var folder in Folders)
        {
            own.DeleteDirectory(Path.Combine(metadata, folder));
        }

        foreach (var file in Directory.EnumerateFiles(metadata).Select(Path.GetFileName).OfType<string>())
        {
            // ORIG_HEAD, MERGE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD, REBASE_HEAD, FETCH_HEAD, BISECT_HEAD; BISECT_LOG, MERGE_MSG, …
            if (file.EndsWith("_HEAD", StringComparison.Ordinal) || file.StartsWith("BISECT_", StringComparison.Ordinal)
                || file.StartsWith("MERGE_", StringComparison.Ordinal) || Files.Contains(file))
            {
                own.DeleteFile(Path.Combine(metadata, file));
            }
        }
    }
}
