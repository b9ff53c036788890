using Cake.Core;
using Orchestrator.Reporting;
using Orchestrator.Runs;
using Spectre.Console;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// Who watches a run, chosen by where it runs: the live view on a terminal, heartbeats anywhere else, GitHub Actions'
/// groups, annotations, summary and outputs when <c>GITHUB_ACTIONS=true</c>. It is the run's event sink and fans each
/// event out to them; a run that shows only (help, dry run, tree) or maintains (Status, Cleanup, Report) has none.
/// </summary>
internal sealed class RunWatch : IRunEvents, IAsyncDisposable
{
    private readonly TaskBoard _board = new();
    private readonly LiveView? _live;
    private readonly GitHubActions? _github;
    private readonly TimeSpan _heartbeatInterval;
    private readonly List<IRunEvents> _others = [];
    private Heartbeat? _heartbeat;

    private RunWatch(HostOptions options, HostIO io)
    {
        _heartbeatInterval = options.Heartbeat;
        var runs = options.RunsPhases;
        if (!runs)
        {
            return;
        }

        if (GitHubActions.IsOn(io.Environment))
        {
            _github = new GitHubActions(options.LogToStandardError ? io.Error : io.Output, io.Environment);
        }
        else if (io.Interactive && !options.LogToStandardError)
        {
            _live = new LiveView(AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(io.Output),
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Yes,
            }), _board);
        }

        IsOn = true;
    }

    /// <summary>Whether anyone watches: false for help, dry runs, trees and maintenance targets.</summary>
    public bool IsOn { get; }

    /// <summary>The console Cake must write through while the live view shows, or null for its usual one.</summary>
    public IConsole? CakeConsole => _live is null ? null : new LiveConsole(_live);

    public static RunWatch For(HostOptions options, HostIO io) => new(options, io);

    /// <summary>Starts the live view, or the heartbeat on <paramref name="log"/> when there is no terminal.</summary>
    public void Start(IRunLog log)
    {
        if (!IsOn)
        {
            return;
        }

        if (_live is not null)
        {
            _live.Start();
        }
        else
        {
            _heartbeat = new Heartbeat(_board, log, _heartbeatInterval);
            _heartbeat.Start();
        }
    }

    public void Publish(RunEvent runEvent)
    {
        _board.Publish(runEvent);
        _heartbeat?.Publish(runEvent);
        _github?.Publish(runEvent);
        foreach (var other in _others)
        {
            other.Publish(runEvent);
        }
    }

    /// <summary>A further watcher of the run (a notifier, the dashboard's event hub), added before the run starts.</summary>
    public void Add(IRunEvents watcher) => _others.Add(watcher);

    /// <summary>Stops the live view and the heartbeat, before the run's last lines are written.</summary>
    public async Task StopAsync()
    {
        if (_live is not null)
        {
            await _live.StopAsync();
        }

        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
            _heartbeat = null;
        }
    }

    /// <summary>What the run came to, for the watchers that sum it up (GitHub Actions).</summary>
    public void Finish(RunPicture run) => _github?.Finish(run);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }
    }
}
