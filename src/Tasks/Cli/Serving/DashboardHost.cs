using System.Net;
using Orchestrator.Runs;
using Orchestrator.Serve;

namespace Orchestrator.Cli.Serving;

/// <summary>
/// The dashboard as the command line serves it: over the run's <c>--artifacts</c>, on <c>--serve-host</c> and
/// <c>--port</c>, its address printed; alone until stopped (<c>--target=Serve</c>), or while a run goes on (<c>--serve</c>).
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly DashboardServer _server;

    private DashboardHost(DashboardServer server, RunHub hub)
    {
        _server = server;
        Hub = hub;
    }

    public RunHub Hub { get; }

    public static async Task<DashboardHost> StartAsync(HostOptions options, HostIO io, IReadOnlyList<PhaseDeclaration> phases, CancellationToken cancellation)
    {
        var hub = new RunHub(Agents.SecretRedactor.FromEnvironment().Redact);
        var serve = new ServeOptions(options.Run.ArtifactsPath) { Host = options.ServeHost ?? IPAddress.Loopback, Port = options.Port };
        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(serve, hub, new InProcessRuns(io, options.Run.ArtifactsPath, options.NotifyArgs), phases, cancellation);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            throw new UsageException($"--port: cannot listen on {serve.Host}:{serve.Port}: {ex.Message}");
        }

        var output = options.Json ? io.Error : io.Output;
        output.WriteLine($"Dashboard: {server.Url}");
        output.WriteLine($"Token for its controls: {serve.TokenPath}");
        return new DashboardHost(server, hub);
    }

    /// <summary><c>--target=Serve</c>: serves until <paramref name="cancellation"/>, then stops a run it started, as Ctrl-C does.</summary>
    public static async Task<int> ServeAsync(HostOptions options, HostIO io, IReadOnlyList<PhaseDeclaration> phases, CancellationToken cancellation)
    {
        await using var host = await StartAsync(options, io, phases, cancellation);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the dashboard closes after the run it started has stopped.
        }

        if (host.Hub.Live is { IsRunning: true } live)
        {
            live.Stop();
            await live.Completion;
        }

        return 0;
    }

    /// <summary>Makes the command line's own run the dashboard's live run: stoppable, and its tasks cancellable, from the page.</summary>
    public LiveRun Attach(CancellationToken stopping)
    {
        var live = new LiveRun(stopping);
        Hub.Begin(live);
        return live;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
