using System.Text;

namespace Orchestrator.Git;

/// <summary>
/// A repository's refs read from its files (loose refs over <c>packed-refs</c>), as <c>git for-each-ref</c> lists them,
/// for the looks taken around every task, where a git process each time is most of the cost. A repository whose refs
/// are not plain files (the reftable format) gets null, and its callers ask git.
/// </summary>
public static class RefFiles
{
    private const int MaxSymbolicDepth = 5;
    private const int SmallFile = 256;

    /// <summary>Every ref under <c>refs/</c> with the object it points at; null when the refs are not stored as files.</summary>
    public static IReadOnlyDictionary<string, string>? ReadAll(string commonDirectory)
    {
        if (Directory.Exists(Path.Combine(commonDirectory, "reftable")))
        {
            return null;
        }

        var refs = ReadPacked(commonDirectory);
        var root = Path.Combine(commonDirectory, "refs");
        var loose = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", options) : [])
        {
            if (!file.EndsWith(".lock", StringComparison.Ordinal))
            {
                loose["refs/" + Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')] = ReadOrEmpty(file).Trim();
            }
        }

        foreach (var (name, content) in loose)
        {
            if (Resolve(content, loose, refs, 0) is { } target)
            {
                refs[name] = target;
            }
        }

        return refs;
    }

    /// <summary>The commit a ref names, read from its loose file; null when it is only packed, symbolic elsewhere or not a file.</summary>
    public static string? ReadLoose(string commonDirectory, string refName)
    {
        var file = Path.Combine([commonDirectory, .. refName.Split('/')]);
        var content = ReadOrEmpty(file).Trim();
        return IsObjectId(content) ? content : null;
    }

    private static string? Resolve(string content, Dictionary<string, string> loose, Dictionary<string, string> packed, int depth)
    {
        if (IsObjectId(content))
        {
            return content;
        }

        if (!content.StartsWith("ref: ", StringComparison.Ordinal) || depth >= MaxSymbolicDepth)
        {
            return null;
        }

        var target = content[5..].Trim();
        return loose.TryGetValue(target, out var next) ? Resolve(next, loose, packed, depth + 1) : packed.GetValueOrDefault(target);
    }

    private static Dictionary<string, string> ReadPacked(string commonDirectory)
    {
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = Path.Combine(commonDirectory, "packed-refs");
        foreach (var line in ReadOrEmpty(file).Split('\n'))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && IsObjectId(line[..space]) && line[(space + 1)..].Trim() is { Length: > 0 } name)
            {
                refs[name] = line[..space];
            }
        }

        return refs;
    }

    private static bool IsObjectId(string text) =>
        text.Length is 40 or 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>
    /// A file of git's as text, "" when it is missing: a worktree added or removed beside a look, or a ref deleted or
    /// replaced between listing and reading, reads as gone and is seen again on the next look.
    /// Read through a bare handle, not a reader: a look reads every loose ref, and the reader's set-up was most of it.
    /// </summary>
    internal static string ReadOrEmpty(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var length = RandomAccess.GetLength(handle);
            var bytes = (length <= SmallFile ? stackalloc byte[SmallFile] : new byte[length])[..(int)length];
            var read = 0;
            for (int n; read < bytes.Length && (n = RandomAccess.Read(handle, bytes[read..], read)) > 0;)
            {
                read += n;
            }

            return Encoding.UTF8.GetString(bytes[..read]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ""; // missing, or a folder
        }
    }
}
