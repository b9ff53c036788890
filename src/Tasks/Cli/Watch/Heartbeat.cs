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
    private readonly PeriodicTimer _timer = new(interval);
    private Task? _beating;

    public void Start() => _beating = BeatAsync();

    public void Publish(RunEvent runEvent)
    {
        if (runEvent is TaskChanged { Status: not TaskRunStatus.Running, Usage: { } usage } ended)
        {
            log.Info($"{ended.Task} usage: {Figures.Usage(usage)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the timer ends the wait with false rather than an exception: a run's end throws nothing.
        _timer.Dispose();
        if (_beating is not null)
        {
            await _beating;
        }
    }

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

    private async Task BeatAsync()
    {
        while (await _timer.WaitForNextTickAsync(CancellationToken.None))
        {
            if (Line(board.Snapshot(DateTime.UtcNow)) is { } line)
            {
                log.Info(line);
            }
        }
    }
}
