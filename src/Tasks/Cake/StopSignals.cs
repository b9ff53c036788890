using System.Runtime.InteropServices;

namespace Orchestrator.CakeAdapter;

/// <summary>
/// Ctrl-C and SIGTERM as a graceful stop while it lives: they cancel <see cref="Token"/> instead of ending the process,
/// so running agents are stopped and recorded. The program holds one for its whole life; an alias for its call only.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals()
    {
        // Ctrl-C as a signal, not Console.CancelKeyPress: that event sets up the terminal first (its settings and
        // terminfo), start-up time a run on a pipe or in CI never needs.
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancellation.Cancel();
    }
}
