using Orchestrator.Runs;

namespace Orchestrator.Serve;

/// <summary>
/// The run going on in this process (one at a time): how to stop it as Ctrl-C does, how to cancel one of its tasks, its
/// id once it has started, and its end.
/// </summary>
public sealed class LiveRun : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="stopping">A stop from elsewhere (the program's Ctrl-C) stops it too.</param>
    public LiveRun(CancellationToken stopping = default) => _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>Cancelled by <see cref="Stop"/>: the run's own cancellation, a graceful stop.</summary>
    public CancellationToken Stopping => _stop.Token;

    public TaskCancellations Tasks { get; } = new();

    /// <summary>Set when the run has been prepared (its <see cref="RunStarted"/> event).</summary>
    public Task<string> Started => _started.Task;

    public string? RunId => _started.Task.IsCompletedSuccessfully ? _started.Task.Result : null;

    /// <summary>The run to its end: its exit code and error line. Set by whoever starts it.</summary>
    public Task<RunExit> Completion { get; set; } = Task.FromResult(new RunExit(0, null));

    public bool IsRunning => !Completion.IsCompleted;

    public void MarkStarted(string runId) => _started.TrySetResult(runId);

    public void Stop() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}

/// <summary>How a run ended: the command line's exit code and, when it failed, its one-line error.</summary>
public sealed record RunExit(int ExitCode, string? Error);
