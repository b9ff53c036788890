using Orchestrator.State;

namespace Orchestrator.Reporting;

/// <summary>One attempt of a task in time, from its journalled <c>running</c> entry to the entry that ended it.</summary>
public sealed record AttemptBar(string Task, int Attempt, string? Phase, DateTime Start, DateTime End, string Outcome)
{
    /// <summary>An attempt the journal never saw end (the run was killed, or still runs).</summary>
    public const string Unfinished = "unfinished";

    public long DurationMs => (long)(End - Start).TotalMilliseconds;

    /// <param name="unfinishedAt">Where an attempt still open ends on the picture; null: at the journal's last entry.</param>
    public static IReadOnlyList<AttemptBar> From(IReadOnlyList<TaskEvent> journal, DateTime? unfinishedAt)
    {
        var open = new Dictionary<(string Task, string? Phase), TaskEvent>();
        var bars = new List<AttemptBar>();
        foreach (var entry in journal)
        {
            var key = (entry.Task, entry.Phase);
            if (entry.Status == TaskRunStatus.Running)
            {
                open[key] = entry;
            }
            else if (open.Remove(key, out var started))
            {
                bars.Add(new AttemptBar(entry.Task, started.Attempt, entry.Phase, started.At, entry.At, entry.Status.ToString().ToLowerInvariant()));
            }
        }

        var last = journal.Count > 0 ? journal.Max(e => e.At) : DateTime.UtcNow;
        var end = unfinishedAt is { } at && at > last ? at : last;
        bars.AddRange(open.Values.Select(s => new AttemptBar(s.Task, s.Attempt, s.Phase, s.At, end, Unfinished)));
        return bars.OrderBy(b => b.Start).ToList();
    }

    /// <summary>How many attempts ran at once, as steps: each time the count changed, and the count from then on.</summary>
    public static IReadOnlyList<(DateTime At, int Running)> Concurrency(IReadOnlyList<AttemptBar> bars)
    {
        var changes = bars.SelectMany(b => new[] { (At: b.Start, Delta: 1), (At: b.End, Delta: -1) })
            .OrderBy(c => c.At).ThenBy(c => c.Delta);
        var steps = new List<(DateTime, int)>();
        var running = 0;
        foreach (var (at, delta) in changes)
        {
            running += delta;
            if (steps.Count > 0 && steps[^1].Item1 == at)
            {
                steps[^1] = (at, running);
            }
            else
            {
                steps.Add((at, running));
            }
        }

        return steps;
    }
}
