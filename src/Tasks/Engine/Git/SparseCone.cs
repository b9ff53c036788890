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

            // A glob's folder is the part before its first wildcard; a file's is its parent (a top-level file needs
            // none); a path written with a trailing slash is a folder.
            var parts = path.Split('/');
            var literal = parts.TakeWhile(p => p.IndexOfAny(['*', '?', '[']) < 0).ToList();
            if (literal.Count == 0)
            {
                return null;
            }

            var isFile = literal.Count == parts.Length && !file.TrimEnd().EndsWith('/') && !file.TrimEnd().EndsWith('\\');
            var folder = string.Join('/', isFile ? literal[..^1] : literal);
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
