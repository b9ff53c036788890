using Orchestrator.Reporting;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// For a run not on a terminal (a pipe, a CI log): every interval while a phase runs, one timestamped line naming the
/// running tasks and how long they have run, so a long agent never looks hung; and each task's usage when it ends.
/// </summary>
internal sealed class Heartbeat(TaskBoard board, IRunLog log, TimeSpan interval) : IRunEvents, IAsyncDisposable
{
    private Timer? _timer;

    // A timer's callback, not an async loop over a PeriodicTimer: nothing of the async machinery is compiled at start-up
    // for a line that comes every few minutes at most.
    public void Start() => _timer = new Timer(_ => Beat(), null, interval, interval);

    public void Publish(RunEvent runEvent)
    {
        if (runEvent is TaskChanged { Status: not TaskRunStatus.Running, Usage: { } usage } ended)
        {
            log.Info($"{ended.Task} usage: {Figures.Usage(usage)}");
        }
    }

    /// <summary>Stops the beats; a beat being written is finished first.</summary>
    public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>The heartbeat's line for this moment, or null when no phase runs.</summary>
    public static string? Line(BoardSnapshot now)
    {
        if (now.Phase is not { } phase)
        {
            return null;
        }

        var running = now.Running.Count == 0 ? "no task running"
            : "running " + string.Join(", ", now.Running.Select(r => $"{r.Id} ({Figures.Duration((long)r.Elapsed(now.Now).TotalMilliseconds)})"));
        var counts = string.Join(", ", now.Counts.Where(c => c.Status != "running").Select(c => $"{c.Count} {c.Status}"));
        return $"{now.Now:HH:mm:ss} heartbeat: {phase.Name} for {Figures.Duration((long)phase.Elapsed.TotalMilliseconds)}; {running}" +
            (counts.Length > 0 ? $"; {counts}" : "");
    }

    private void Beat()
    {
        if (Line(board.Snapshot(DateTime.UtcNow)) is { } line)
        {
            log.Info(line);
        }
    }
}
