using System.Text;

namespace Orchestrator.Agents;

/// <summary>
/// A task's log file: every agent output line, timestamped, secrets redacted, written as it arrives, up to
/// <c>maxBytes</c>: the first half is written as it comes, the last lines are kept in memory (up to the other half) and
/// written when the log is closed, after one marker line that says how much was cut in between.
/// </summary>
public sealed class TaskLog : IDisposable
{
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    private readonly StreamWriter _writer;
    private readonly SecretRedactor _redactor = SecretRedactor.FromEnvironment();
    private readonly long _headBytes;
    private readonly long _tailBytes;
    private readonly LinkedList<string> _tail = new();
    private long _written;
    private long _tailSize;
    private long _cutBytes;
    private long _cutLines;

    private readonly Action<string>? _onLine;

    public TaskLog(string path, long maxBytes = DefaultMaxBytes, Action<string>? onLine = null)
    {
        _onLine = onLine;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        _headBytes = Math.Max(maxBytes / 2, 1024);
        _tailBytes = Math.Max(maxBytes - _headBytes, 1024);
    }

    /// <summary>The text with the secrets this log hides hidden, for what the task reports beside its log.</summary>
    public string? Redact(string? text) => text is null ? null : _redactor.Redact(text);

    public void Write(string stream, string line)
    {
        var safe = _redactor.Redact(line);
        _onLine?.Invoke(safe);
        var entry = $"{DateTime.UtcNow:HH:mm:ss.fff} [{stream}] {safe}";
        var size = Encoding.UTF8.GetByteCount(entry) + 1;
        lock (_writer)
        {
            if (_written + size <= _headBytes && _tail.Count == 0)
            {
                _writer.WriteLine(entry);
                _written += size;
                return;
            }

            _tail.AddLast(entry);
            _tailSize += size;
            while (_tailSize > _tailBytes && _tail.Count > 1)
            {
                var dropped = Encoding.UTF8.GetByteCount(_tail.First!.Value) + 1;
                _tail.RemoveFirst();
                _tailSize -= dropped;
                _cutBytes += dropped;
                _cutLines++;
            }
        }
    }

    public void Dispose()
    {
        lock (_writer)
        {
            if (_cutLines > 0)
            {
                _writer.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [orchestrator] … {_cutLines} lines ({_cutBytes} bytes) cut here: the log keeps its first and last {_headBytes} bytes (--max-log-bytes) …");
            }

            foreach (var entry in _tail)
            {
                _writer.WriteLine(entry);
            }

            _tail.Clear();
        }

        _writer.Dispose();
    }
}
