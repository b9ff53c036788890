using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.Support;

/// <summary>
/// A small HTTP server on 127.0.0.1 and a free port, standing in for a webhook receiver or GitHub's API: it records
/// every request (method, path, authorization, body) and answers as <c>answer</c> says for the n-th request.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private LoopbackReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public string Url { get; private set; } = "";

    /// <param name="answer">The status code for the n-th request (1-based); a task that never ends holds the request open.</param>
    public static async Task<LoopbackReceiver> StartAsync(Func<int, Task<int>>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref receiver._count);
            var status = answer is null ? 200 : await answer(number);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            if (status is >= 200 and < 300)
            {
                receiver.Received.Enqueue(new ReceivedRequest(
                    context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(), body));
            }

            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 201 ? "{\"id\":1}" : "{}", context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.TrimEnd('/') + "/";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(limit.Token);
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedRequest(string Method, string Path, string Authorization, string Body);
