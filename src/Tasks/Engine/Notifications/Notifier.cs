using System.Threading.Channels;
using Orchestrator.Runs;
using Polly;
using Polly.Retry;

namespace Orchestrator.Notifications;

/// <summary>Where notifications go: a webhook, a GitHub issue. Throws when a delivery failed (it is retried).</summary>
public interface INotificationSink
{
    /// <summary>Whether this sink is told of <paramref name="notification"/> at all.</summary>
    bool Wants(Notification notification);

    Task SendAsync(Notification notification, CancellationToken cancellation);
}

/// <summary>
/// A watcher of the run's events that tells a sink of its phase transitions, task ends and end, in order, from a queue
/// of its own: publishing never waits for the network. Each delivery is retried with exponential backoff, each try
/// time-limited; one that still fails is a warning, never the run's failure. At the end the queue gets a bounded time
/// to drain, so a dead receiver costs at most that.
/// </summary>
public sealed class Notifier : IRunEvents, IAsyncDisposable
{
    private readonly Channel<Notification> _queue = Channel.CreateUnbounded<Notification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly INotificationSink _sink;
    private readonly IRunLog _log;
    private readonly NotifierTimes _times;
    private readonly ResiliencePipeline _delivery;
    private readonly Task _sending;
    private readonly Func<string, string> _redact;
    private string? _runId;

    /// <param name="redact">Hides secrets in what is sent (errors may quote an agent's output).</param>
    public Notifier(INotificationSink sink, IRunLog log, Func<string, string> redact, NotifierTimes? times = null)
    {
        _sink = sink;
        _redact = redact;
        _log = log;
        _times = times ?? new NotifierTimes();
        _delivery = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _times.Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _times.FirstRetryDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException || !_stop.IsCancellationRequested),
            })
            .AddTimeout(_times.PerTry)
            .Build();
        _sending = Task.Run(SendAllAsync);
    }

    public void Publish(RunEvent runEvent)
    {
        if (runEvent is RunStarted started)
        {
            _runId = started.RunId;
        }

        if (Notification.Of(runEvent, _runId) is { } notification && _sink.Wants(notification))
        {
            _queue.Writer.TryWrite(notification with { Summary = _redact(notification.Summary) });
        }
    }

    /// <summary>Sends what is queued, for at most <see cref="NotifierTimes.Drain"/>; what is left then is dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (await Task.WhenAny(_sending, Task.Delay(_times.Drain, CancellationToken.None)) != _sending)
        {
            _log.Warning($"notifications: gave up on those not sent after {_times.Drain.TotalSeconds:0.#}s");
        }

        await _stop.CancelAsync();
        await _sending;
        _stop.Dispose();
    }

    private async Task SendAllAsync()
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await _delivery.ExecuteAsync(async ct => await _sink.SendAsync(notification, ct), _stop.Token);
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    _log.Warning($"notifications: {notification.Event} not delivered after {_times.Retries + 1} tries: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The run ended and the drain time is up.
        }
    }
}

/// <summary>How long a notification may take: per try, the retries and their backoff, and the drain at the end.</summary>
public sealed record NotifierTimes
{
    public TimeSpan PerTry { get; init; } = TimeSpan.FromSeconds(5);

    public int Retries { get; init; } = 3;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(15);
}
