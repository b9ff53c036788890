namespace Orchestrator.Git;

/// <summary>
/// Whether <c>git add --all</c> would find nothing to stage in a worktree, decided in process the way git decides it:
/// every entry's file has the stat data the index recorded (ctime, mtime, inode, mode, size), none was written in or
/// after the second the index was (git's "racily clean" case, where only the content can tell), and nothing else is
/// there (<see cref="UntrackedFiles"/>). What it cannot decide so is left to git: a mark an agent set, an entry added
/// with intent, a submodule, an unmerged entry, a file the system cannot stat.
/// </summary>
internal static class IndexedWorktree
{
    public static bool IsAsIndexed(string worktree, string indexPath, IReadOnlyList<IndexEntry> entries)
    {
        if (IndexStat.Of(indexPath) is not { } index)
        {
            return false;
        }

        foreach (var entry in entries)
        {
            if (entry.Stage != 0 || entry.IntentToAdd || entry.AssumeUnchanged || entry.SkipWorktree || entry.Gitlink
                || entry.Stat.MtimeSeconds >= index.MtimeSeconds
                || IndexStat.Of(Path.Combine(worktree, entry.Path)) != entry.Stat)
            {
                return false;
            }
        }

        return !UntrackedFiles.AnyIn(worktree, entries);
    }
}
