namespace Orchestrator.State;

/// <summary>
/// One run per artifacts folder and per repository: exclusive kernel locks (flock on Linux and macOS, a share-mode lock
/// on Windows) on lock files, held by the pipeline for the invocation and released when it is disposed, or by the
/// kernel when the process dies, however it dies.
/// </summary>
public sealed class RunLease : IDisposable
{
    public const string FileName = "orchestrator.lock";

    private readonly List<FileStream> _locks;

    private RunLease(List<FileStream> locks) => _locks = locks;

    /// <summary>Takes every lock or none; a lock held elsewhere is a one-line <see cref="RunLockedException"/>.</summary>
    public static RunLease Acquire(IEnumerable<(string Directory, string What)> places)
    {
        var taken = new List<FileStream>();
        try
        {
            foreach (var (directory, what) in places)
            {
                var path = Path.Combine(Path.GetFullPath(directory), FileName);
                Directory.CreateDirectory(directory);
                try
                {
                    taken.Add(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    throw new RunLockedException(
                        $"another orchestrator run is using {what} {directory}; wait for it to finish or stop it (lock: {path})");
                }
            }

            return new RunLease(taken);
        }
        catch
        {
            taken.ForEach(t => t.Dispose());
            throw;
        }
    }

    /// <summary>Whether some run holds the lock on <paramref name="directory"/> now (Status tells running from stopped).</summary>
    public static bool IsHeld(string directory)
    {
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _locks.ForEach(l => l.Dispose());
        _locks.Clear();
    }
}

/// <summary>A second run on a repository or artifacts folder already in use; exit code 2.</summary>
public sealed class RunLockedException(string message) : InputException(message);
