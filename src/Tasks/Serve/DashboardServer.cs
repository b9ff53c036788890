using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Serve;

/// <summary>
/// The dashboard: the page (embedded, nothing fetched from elsewhere), the read API, the event stream and the control
/// API, on Kestrel bound to one address (loopback unless asked otherwise). Mutations need the token it writes to
/// <c>&lt;artifacts&gt;/serve.token</c> (mode 0600) as <c>Authorization: Bearer</c>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _closing = new();

    private DashboardServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The page's address, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public string Url { get; }

    public static async Task<DashboardServer> StartAsync(
        ServeOptions options, RunHub hub, IRunStarter starter, IReadOnlyList<PhaseDeclaration> phases, CancellationToken cancellation)
    {
        Directory.CreateDirectory(options.ArtifactsPath);
        var token = WriteToken(options.TokenPath);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.Host, options.Port));
        var app = builder.Build();
        DashboardServer? server = null;
        var dashboard = new Dashboard(options.ArtifactsPath, hub, starter, new RunsView(options.ArtifactsPath, phases, hub), token,
            () => server!._closing.Token);
        MapPage(app);
        RunsApi.Map(app, dashboard);
        ControlApi.Map(app, dashboard);
        await app.StartAsync(cancellation);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = options.Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Host}]" : options.Host.ToString();
        server = new DashboardServer(app, $"http://{host}:{address.Port}/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(limit.Token);
        await _app.DisposeAsync();
        _closing.Dispose();
    }

    /// <summary>A new random token, readable by its owner only.</summary>
    private static string WriteToken(string path)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, options);
        writer.Write(token);
        return token;
    }

    private static void MapPage(WebApplication app)
    {
        foreach (var (route, file, type) in new[]
        {
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
            ("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
        })
        {
            var content = Resource(file);
            app.MapGet(route, (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(content, type);
            });
        }
    }

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("page/" + name)
            ?? throw new InvalidOperationException($"the page's {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>What the endpoints share: the folder, the event hub, how to start runs, the read model and the token.</summary>
internal sealed record Dashboard(string Artifacts, RunHub Hub, IRunStarter Starter, RunsView View, string Token, Func<CancellationToken> Closing)
{
    public bool IsAuthorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(header[7..].Trim()), System.Text.Encoding.UTF8.GetBytes(Token));
}
