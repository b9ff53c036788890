namespace Orchestrator.Agents;

/// <summary>A task's log file: every agent output line, timestamped, secrets redacted, written as it arrives.</summary>
public sealed class TaskLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly SecretRedactor _redactor = SecretRedactor.FromEnvironment();

    private readonly Action<string>? _onLine;

    public TaskLog(string path, Action<string>? onLine = null)
    {
        _onLine = onLine;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public void Write(string stream, string line)
    {
        var safe = _redactor.Redact(line);
        lock (_writer)
        {
            _writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{stream}] {safe}");
        }

        _onLine?.Invoke(safe);
    }

    public void Dispose() => _writer.Dispose();
}
