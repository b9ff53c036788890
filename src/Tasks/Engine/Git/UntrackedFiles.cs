namespace Orchestrator.Git;

/// <summary>
/// Whether a worktree holds anything its index does not: what <c>git clean -ffdx</c> would remove (untracked and
/// ignored files, folders with none of the index's files, nested repositories). Looked for in process, stopping at the
/// first one found, so that a recycled worktree its task left as committed needs no <c>clean</c> process.
/// </summary>
internal static class UntrackedFiles
{
    private static readonly EnumerationOptions OneFolder = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>True when something in <paramref name="worktree"/> is not one of <paramref name="entries"/>, or it cannot tell.</summary>
    public static bool AnyIn(string worktree, IReadOnlyList<IndexEntry> entries)
    {
        var files = new HashSet<string>(entries.Count, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal) { "" };
        foreach (var entry in entries)
        {
            files.Add(entry.Path);
            for (var slash = entry.Path.IndexOf('/'); slash > 0; slash = entry.Path.IndexOf('/', slash + 1))
            {
                folders.Add(entry.Path[..slash]);
            }
        }

        try
        {
            var pending = new Stack<string>([""]);
            while (pending.TryPop(out var folder))
            {
                foreach (var item in new DirectoryInfo(Path.Combine(worktree, folder)).EnumerateFileSystemInfos("*", OneFolder))
                {
                    var path = folder.Length == 0 ? item.Name : folder + "/" + item.Name;
                    if (folder.Length == 0 && item.Name == ".git")
                    {
                        continue;
                    }

                    var isFolder = item is DirectoryInfo && item.LinkTarget is null;
                    if (!(isFolder ? folders.Contains(path) : files.Contains(path)))
                    {
                        return true;
                    }

                    if (isFolder)
                    {
                        pending.Push(path);
                    }
                }
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true; // git clean decides
        }
    }
}
