namespace Orchestrator.Git;

/// <summary>
/// The folders of a cone-mode sparse checkout (<c>git sparse-checkout set --cone</c>): git always adds the top-level
/// files, and each folder named brings everything under it. Paths come from plans and config files, so only plain
/// relative paths inside the repository are taken.
/// </summary>
public static class SparseCone
{
    /// <summary>
    /// The folders holding a task's <paramref name="files"/> plus <paramref name="always"/>; null (a full checkout) when
    /// the task names no file or one that cannot be placed (absolute, <c>..</c>, a glob at the top).
    /// </summary>
    public static IReadOnlyList<string>? For(IReadOnlyList<string> files, IReadOnlyList<string> always)
    {
        if (files.Count == 0)
        {
            return null;
        }

        var folders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (Relative(file) is not { } path)
            {
                return null;
            }

            // A glob's folder is the part before its first wildcard; a top-level file needs no folder.
            var literal = path.Split('/').TakeWhile(p => p.IndexOfAny(['*', '?', '[']) < 0).ToList();
            if (literal.Count == 0)
            {
                return null;
            }

            var folder = string.Join('/', literal.Take(literal.Count == path.Split('/').Length ? literal.Count - 1 : literal.Count));
            if (folder.Length > 0)
            {
                folders.Add(folder);
            }
        }

        folders.UnionWith(always);
        return [.. folders];
    }

    /// <summary>The path with <c>/</c> separators and no leading <c>./</c> or trailing <c>/</c>; null if not inside the repository.</summary>
    public static string? Relative(string path)
    {
        var parts = path.Trim().Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        var inside = parts.Count > 0 && !path.Trim().StartsWith('/') && !parts[0].Contains(':')
            && parts.All(p => p != ".." && !p.Any(char.IsControl));
        return inside ? string.Join('/', parts) : null;
    }
}
