namespace Orchestrator.Agents;

/// <summary>A task's log file: every agent output line, timestamped, written as it arrives.</summary>
public sealed class TaskLog : IDisposable
{
    private readonly StreamWriter _writer;

    public TaskLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Write(string stream, string line)
    {
        lock (_writer)
        {
            _writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{stream}] {line}");
        }
    }

    public void Dispose() => _writer.Dispose();
}
