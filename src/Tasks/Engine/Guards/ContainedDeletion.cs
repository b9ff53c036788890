namespace Orchestrator.Guards;

/// <summary>
/// The one way the run deletes files and folders: only inside <see cref="Root"/> (the artifacts folder), never through
/// a symbolic link. A path outside it, or one reached through a link an agent planted, is refused with an exception and
/// nothing is touched; a link itself is removed as a link, never followed.
/// </summary>
public sealed class ContainedDeletion(string root)
{
    public string Root { get; } = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);

    public void DeleteDirectory(string path)
    {
        var full = Checked(path);
        if (new FileInfo(full).LinkTarget is not null)
        {
            File.Delete(full);
        }
        else if (Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
    }

    public void DeleteFile(string path)
    {
        var full = Checked(path);
        if (File.Exists(full) || new FileInfo(full).LinkTarget is not null)
        {
            File.Delete(full);
        }
    }

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="folder"/> (or is it), by their full paths.</summary>
    public static bool IsInside(string path, string folder)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="path"/> lies strictly inside the root, reached without passing a link.</summary>
    public bool Allows(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        // Every folder between the root and the path must be a real folder: a planted link would lead the delete out.
        var current = Root;
        foreach (var segment in Path.GetDirectoryName(full)![Root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, segment);
            if (new DirectoryInfo(current).LinkTarget is not null)
            {
                return false;
            }
        }

        return true;
    }

    private string Checked(string path) => Allows(path) ? Path.GetFullPath(path)
        : throw new UnsafePathException($"refused to delete {path}: it is not inside the run's artifacts folder {Root}");
}

/// <summary>A path or ref the run was about to touch lies outside the run's own folders or refs.</summary>
public sealed class UnsafePathException(string message) : Exception(message);
