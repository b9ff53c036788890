using System.Text;
using Newtonsoft.Json;

namespace Orchestrator.State;

/// <summary>
/// <c>phase-state/journal.jsonl</c>: every task state transition of every run, one JSON object a line, appended and
/// flushed to disk before the run acts on it. A line cut short by a crash is ignored on reading. Lines are written at
/// once, in order (a killed process loses none it wrote), and made durable by group commit: one <c>fsync</c> covers
/// every line written before it started, so transitions recorded at the same moment share one, and
/// <see cref="AppendAsync"/> lets the caller do other work while its line is flushed.
/// </summary>
public sealed class TaskJournal(string stateDirectory)
{
    public const string FileName = "journal.jsonl";

    private static readonly JsonSerializerSettings LineSettings = new(StateJson.Settings) { Formatting = Formatting.None, NullValueHandling = NullValueHandling.Ignore };

    private readonly object _write = new();
    private readonly object _flush = new();
    private long _written;
    private long _durable;

    public string Path { get; } = System.IO.Path.Combine(stateDirectory, FileName);

    /// <summary>How many times the file was flushed to disk (one per group of lines).</summary>
    public long Flushes { get; private set; }

    /// <summary>Returns once the line is on disk.</summary>
    public void Append(TaskEvent entry) => FlushThrough(Write(entry));

    /// <summary>Writes the line now; the task completes once it is on disk (the caller waits for it before acting on it).</summary>
    public Task AppendAsync(TaskEvent entry)
    {
        var line = Write(entry);
        return Task.Run(() => FlushThrough(line));
    }

    private long Write(TaskEvent entry)
    {
        var line = Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(entry, LineSettings) + "\n");
        lock (_write)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
            stream.Write(line);
            return ++_written;
        }
    }

    /// <summary>Group commit: if an fsync begun after line <paramref name="line"/> was written has ended, nothing to do.</summary>
    private void FlushThrough(long line)
    {
        lock (_flush)
        {
            if (_durable >= line)
            {
                return;
            }

            long through;
            lock (_write)
            {
                through = _written;
            }

            // fsync is per file, not per descriptor: it takes every line written so far, by any stream.
            using (var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                RandomAccess.FlushToDisk(handle);
            }

            _durable = through;
            Flushes++;
        }
    }

    /// <summary>Each task's latest ParallelExecution entry among <paramref name="entries"/> (one run's, oldest first).</summary>
    public static IReadOnlyDictionary<string, TaskEvent> LatestByTask(IEnumerable<TaskEvent> entries) =>
        entries.Where(e => e.Phase is null).GroupBy(e => e.Task).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>Every complete entry, oldest first.</summary>
    public IReadOnlyList<TaskEvent> ReadAll()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        var entries = new List<TaskEvent>();
        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[^1] != '}')
            {
                continue;
            }

            try
            {
                if (JsonConvert.DeserializeObject<TaskEvent>(line, LineSettings) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A torn last line after a crash: the transition it describes never took effect.
            }
        }

        return entries;
    }
}

/// <summary>One task state transition.</summary>
public sealed record TaskEvent
{
    public required string RunId { get; init; }

    public required string Task { get; init; }

    public required TaskRunStatus Status { get; init; }

    /// <summary>The phase that recorded it when not ParallelExecution (Merge's redo of a conflicted task).</summary>
    public string? Phase { get; init; }

    public DateTime At { get; init; } = DateTime.UtcNow;

    public int Attempt { get; init; }

    public string? Branch { get; init; }

    public string? Worktree { get; init; }

    public string? BaseCommit { get; init; }

    /// <summary>Set on <c>completed</c> only, and only once the commit exists.</summary>
    public string? Commit { get; init; }

    public List<string>? ChangedFiles { get; init; }

    /// <summary>True on a <c>completed</c> entry whose agent changed nothing; else absent.</summary>
    public bool? NoChanges { get; init; }

    public long? DurationMs { get; init; }

    public int? ExitCode { get; init; }

    public string? Error { get; init; }

    /// <summary>The waits for a rate or usage limit so far, when there were any.</summary>
    public int? RateLimited { get; init; }

    /// <summary>The agent's session, as soon as it is known, so a killed run's session can be continued.</summary>
    public string? SessionId { get; init; }

    public bool? ResumedSession { get; init; }

    /// <summary>What the attempt that ended used, as its agent reported it.</summary>
    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public decimal? CostUsd { get; init; }
}
