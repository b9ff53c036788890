using System.Runtime.InteropServices;
using Orchestrator.Cli;

// The thin host build.sh runs: the real console, Ctrl-C and SIGTERM as a graceful stop, and the command line.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});
return await CommandLineHost.RunAsync(args, HostIO.FromConsole(), cancellation.Token);
