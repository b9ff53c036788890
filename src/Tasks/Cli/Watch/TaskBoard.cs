using System.Text.RegularExpressions;
using Orchestrator.Agents;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// The run as its watchers see it now, kept from its events: the phase running, each task's status, attempt, agent,
/// elapsed time, usage and last log line. Events arrive from any thread; readers take a snapshot.
/// </summary>
internal sealed partial class TaskBoard : IRunEvents
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskRow> _tasks = [];
    private (string Name, DateTime Since)? _phase;

    public void Publish(RunEvent runEvent)
    {
        lock (_gate)
        {
            switch (runEvent)
            {
                case PhaseStarted started:
                    _phase = (started.Phase, started.At);
                    break;
                case PhaseEnded:
                    _phase = null;
                    break;
                case TaskChanged changed:
                    var row = _tasks.TryGetValue(changed.Task, out var known) ? known : new TaskRow(changed.Task);
                    _tasks[changed.Task] = row with
                    {
                        Status = changed.Status,
                        Attempt = changed.Attempt,
                        Agent = changed.Agent ?? row.Agent,
                        Since = changed.Status == TaskRunStatus.Running ? changed.At : row.Since,
                        EndedAt = changed.Status == TaskRunStatus.Running ? null : changed.At,
                        Usage = changed.Usage ?? (changed.Status == TaskRunStatus.Running ? null : row.Usage),
                        Spent = changed.Usage is null ? row.Spent : AgentUsage.Total([row.Spent, changed.Usage]),
                    };
                    break;
                case TaskOutput output when _tasks.TryGetValue(output.Task, out var current):
                    var line = Printable(output.Line);
                    if (line.Length > 0)
                    {
                        _tasks[output.Task] = current with { LastLine = line };
                    }

                    break;
            }
        }
    }

    public BoardSnapshot Snapshot(DateTime now)
    {
        lock (_gate)
        {
            var rows = _tasks.Values.ToList();
            return new BoardSnapshot(
                now,
                _phase is { } phase ? (phase.Name, now - phase.Since) : null,
                rows.Where(r => r.Status == TaskRunStatus.Running).OrderBy(r => r.Since).ToList(),
                rows.Where(r => r.EndedAt is not null).OrderByDescending(r => r.EndedAt).ToList(),
                AgentUsage.Total(rows.Select(r => r.Spent)));
        }
    }

    /// <summary>A log line made safe for one row of a terminal: no escape sequences, no control characters, no tabs.</summary>
    public static string Printable(string line) =>
        new string(EscapeSequence().Replace(line, "").Select(c => c == '\t' ? ' ' : c).Where(c => !char.IsControl(c)).ToArray()).Trim();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|.)")]
    private static partial Regex EscapeSequence();
}

internal sealed record TaskRow(string Id)
{
    public TaskRunStatus Status { get; init; } = TaskRunStatus.Pending;

    public int Attempt { get; init; }

    public string? Agent { get; init; }

    /// <summary>When its latest attempt started.</summary>
    public DateTime? Since { get; init; }

    public DateTime? EndedAt { get; init; }

    /// <summary>The latest attempt's usage, once it ended.</summary>
    public AgentUsage? Usage { get; init; }

    /// <summary>What all its attempts cost so far.</summary>
    public AgentUsage? Spent { get; init; }

    public string LastLine { get; init; } = "";

    public TimeSpan Elapsed(DateTime now) => Since is { } since ? (EndedAt ?? now) - since : TimeSpan.Zero;
}

internal sealed record BoardSnapshot(
    DateTime Now, (string Name, TimeSpan Elapsed)? Phase, IReadOnlyList<TaskRow> Running, IReadOnlyList<TaskRow> Finished, AgentUsage? Spent)
{
    public IEnumerable<(string Status, int Count)> Counts =>
        Running.Concat(Finished).GroupBy(r => r.Status.ToString().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count()));
}
