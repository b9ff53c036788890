using Orchestrator.Reporting;
using Orchestrator.State;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// The terminal's live view (Spectre.Console): one row per running or recently finished task — id, status in its
/// colour, agent, elapsed time, usage, last log line — and a footer with the counts by status and the spend. Redrawn
/// ten times a second at the terminal's current size; every row is cut to the width so it never wraps, and log lines
/// are printed above it (<see cref="LiveConsole"/>). Only the view's own loop touches the console while it shows:
/// Spectre's live display and a write from another thread take its two locks in opposite orders.
/// </summary>
internal sealed class LiveView(IAnsiConsole console, TaskBoard board) : IAsyncDisposable
{
    private const int RecentlyFinished = 6;
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<IRenderable> _lines = new();
    private readonly object _gate = new();
    private bool _finished;
    private Task? _showing;

    /// <summary>Prints a line above the view (by the view's loop while it shows, directly once it stopped).</summary>
    public void Print(IRenderable line)
    {
        lock (_gate)
        {
            if (!_finished)
            {
                _lines.Enqueue(line);
                return;
            }
        }

        console.Write(line);
    }

    public void Start() => _showing = console.Live(Render())
        .AutoClear(false)
        .Overflow(VerticalOverflow.Ellipsis)
        .Cropping(VerticalOverflowCropping.Bottom)
        .StartAsync(ShowAsync);

    /// <summary>Stops redrawing; the last picture stays on the screen. Safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        if (_showing is not null)
        {
            await _showing;
        }

        lock (_gate)
        {
            _finished = true;
        }

        PrintWaiting();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task ShowAsync(LiveDisplayContext live)
    {
        while (!_stop.IsCancellationRequested)
        {
            PrintWaiting();
            live.UpdateTarget(Render());
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopped: one last picture below.
            }
        }

        PrintWaiting();
        live.UpdateTarget(Render());
    }

    private void PrintWaiting()
    {
        while (_lines.TryDequeue(out var line))
        {
            console.Write(line);
        }
    }

    private IRenderable Render()
    {
        var now = board.Snapshot(DateTime.UtcNow);
        var width = Math.Max(40, console.Profile.Width);
        var room = Math.Max(1, console.Profile.Height - 6);
        var rows = now.Running.Concat(now.Finished.Take(Math.Max(0, Math.Min(RecentlyFinished, room - now.Running.Count)))).Take(room).ToList();
        var idWidth = Math.Clamp(rows.Select(r => r.Id.Length).DefaultIfEmpty(4).Max(), 4, 14);
        var usageWidth = rows.Any(r => r.Spent is not null) ? 26 : 0;
        var fixedWidth = idWidth + 10 + 8 + 9 + usageWidth + (6 * 2);
        var lineWidth = width - fixedWidth - 1;
        var table = new Table().Border(TableBorder.None).HideHeaders();
        table.AddColumn(new TableColumn("Task").Width(idWidth).NoWrap());
        table.AddColumn(new TableColumn("Status").Width(10).NoWrap());
        table.AddColumn(new TableColumn("Agent").Width(8).NoWrap());
        table.AddColumn(new TableColumn("Elapsed").Width(9).RightAligned().NoWrap());
        if (usageWidth > 0)
        {
            table.AddColumn(new TableColumn("Usage").Width(usageWidth).NoWrap());
        }

        if (lineWidth >= 8)
        {
            table.AddColumn(new TableColumn("Output").Width(lineWidth).NoWrap());
        }

        foreach (var row in rows)
        {
            var status = row.Status.ToString().ToLowerInvariant();
            var cells = new List<IRenderable>
            {
                new Text(Cut(row.Id, idWidth), new Style(decoration: Decoration.Bold)),
                new Text(status, new Style(ColourOf(row.Status))),
                new Text(Cut(row.Agent ?? "-", 8)),
                new Text(Figures.Duration((long)row.Elapsed(now.Now).TotalMilliseconds)),
            };
            if (usageWidth > 0)
            {
                cells.Add(new Text(Cut(Figures.Usage(row.Spent), usageWidth), new Style(Color.Grey)));
            }

            if (lineWidth >= 8)
            {
                cells.Add(new Text(Cut(row.LastLine, lineWidth), new Style(Color.Grey)));
            }

            table.AddRow(cells);
        }

        return new Rows(table, new Text(Cut(Footer(now), width - 1), new Style(decoration: Decoration.Bold)));
    }

    private static string Footer(BoardSnapshot now)
    {
        var phase = now.Phase is { } p ? $"{p.Name} {Figures.Duration((long)p.Elapsed.TotalMilliseconds)}" : "between phases";
        var counts = string.Join(" · ", now.Counts.Select(c => $"{c.Count} {c.Status}"));
        var spend = now.Spent is null ? "no usage reported yet" : $"spend {Figures.Usage(now.Spent)}";
        return $"{phase} │ {(counts.Length > 0 ? counts : "no task started")} │ {spend}";
    }

    private static Color ColourOf(TaskRunStatus status) => status switch
    {
        TaskRunStatus.Running => Color.DodgerBlue1,
        TaskRunStatus.Completed => Color.Green,
        TaskRunStatus.Failed => Color.Red,
        TaskRunStatus.Timeout => Color.Orange1,
        _ => Color.Grey,
    };

    private static string Cut(string text, int width) => text.Length <= width ? text : width <= 1 ? "…" : text[..(width - 1)] + "…";
}
