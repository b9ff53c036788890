namespace Orchestrator.State;

/// <summary>
/// One run per artifacts folder and per repository: an exclusive kernel lock (flock on Linux and macOS, a share-mode
/// lock on Windows) on a lock file, held until the process exits, so it is released even when the process is killed.
/// </summary>
public static class RunLock
{
    public const string FileName = "orchestrator.lock";

    private static readonly List<FileStream> Held = [];

    /// <summary>Takes the lock on <paramref name="directory"/>, or refuses with a one-line <see cref="RunLockedException"/>.</summary>
    public static void Acquire(string directory, string what)
    {
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        lock (Held)
        {
            if (Held.Any(h => h.Name == path))
            {
                return;
            }

            Directory.CreateDirectory(directory);
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                throw new RunLockedException(
                    $"another orchestrator run is using {what} {directory}; wait for it to finish or stop it (lock: {path})");
            }

            Held.Add(stream);
        }
    }
}

/// <summary>A second run on a repository or artifacts folder already in use; exit code 2.</summary>
public sealed class RunLockedException(string message) : InputException(message);
