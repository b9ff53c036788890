using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Runs;

namespace Orchestrator.Serve;

/// <summary>
/// The server's watcher of the engine's event stream: each event, as one snake_case JSON object, goes to every open
/// <c>/api/events</c> stream, and a <see cref="RunStarted"/> tells the live run its id. It also holds the live run, so
/// that starting a second one is refused while the first goes on.
/// </summary>
/// <param name="redact">Hides secrets in what is streamed (errors may quote an agent's output).</param>
public sealed class RunHub(Func<string, string> redact) : IRunEvents
{
    private const int StreamBacklog = 10_000;

    private readonly Lock _gate = new();
    private readonly List<Channel<string>> _streams = [];
    private readonly Dictionary<string, RunEnded> _ended = new(StringComparer.Ordinal);
    private LiveRun? _live;
    private string? _runId;

    public LiveRun? Live
    {
        get
        {
            lock (_gate)
            {
                return _live;
            }
        }
    }

    /// <summary>Makes <paramref name="run"/> the live run unless another is running; returns the one that runs.</summary>
    public LiveRun Begin(LiveRun run)
    {
        lock (_gate)
        {
            if (_live is { IsRunning: true } running)
            {
                return running;
            }

            _live = run;
            return run;
        }
    }

    public void Publish(RunEvent runEvent)
    {
        lock (_gate)
        {
            if (runEvent is RunStarted started)
            {
                _runId = started.RunId;
                _live?.MarkStarted(started.RunId);
            }

            if (runEvent is RunEnded ended)
            {
                _ended[ended.RunId] = ended;
            }

            if (_streams.Count == 0)
            {
                return; // no page listens: every line of agent output passes here
            }

            var json = redact(EventJson.Of(runEvent, _runId));
            foreach (var stream in _streams)
            {
                stream.Writer.TryWrite(json);
            }
        }
    }

    /// <summary>How a run that ended while this server watched ended (stopped, done or failed), or null.</summary>
    public RunEnded? EndOf(string runId)
    {
        lock (_gate)
        {
            return _ended.GetValueOrDefault(runId);
        }
    }

    /// <summary>A stream of the events from now on; the oldest are dropped if its reader falls far behind.</summary>
    public ChannelReader<string> Subscribe()
    {
        var stream = Channel.CreateBounded<string>(new BoundedChannelOptions(StreamBacklog) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _streams.Add(stream);
        }

        return stream.Reader;
    }

    public void Unsubscribe(ChannelReader<string> reader)
    {
        lock (_gate)
        {
            _streams.RemoveAll(s => s.Reader == reader);
        }
    }
}

/// <summary>A run event as the event stream sends it: its fields in snake_case, its <c>type</c>, and the run's id.</summary>
internal static class EventJson
{
    public static string Of(RunEvent runEvent, string? runId)
    {
        var node = JsonSerializer.SerializeToNode(runEvent, runEvent.GetType(), ApiJson.Options)!.AsObject();
        node["type"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(runEvent.GetType().Name);
        node["run_id"] ??= runId;
        return node.ToJsonString(ApiJson.Options);
    }
}
