using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>How a fake model server answers: scripted tool calls, an HTTP 500, or never.</summary>
public enum ModelBehaviour
{
    WriteRequestedFile,
    Fail500,
    Stall,
}

/// <summary>A local HTTP server on 127.0.0.1 and a free port that logs every request and answers from a script.</summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeModelServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>"METHOD path" and body of every request, in arrival order.</summary>
    public ConcurrentQueue<(string Request, string Body)> Requests { get; } = new();

    public static async Task<FakeModelServer> StartAsync(Func<HttpContext, JObject?, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeModelServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            server!.Requests.Enqueue(($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", body));
            JObject? json = null;
            if (body.StartsWith('{'))
            {
                json = JObject.Parse(body);
            }

            try
            {
                await answer(context, json);
            }
            catch (OperationCanceledException)
            {
                // The client went away (killed on timeout).
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeModelServer(app, address);
        return server;
    }

    public static async Task StallAsync(HttpContext context) =>
        await Task.Delay(Timeout.Infinite, context.RequestAborted);

    public static async Task ServerErrorAsync(HttpContext context, string body, int status = 500)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public static async Task StartEventStreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync();
    }

    public static async Task SendEventAsync(HttpContext context, JObject data)
    {
        await context.Response.WriteAsync($"event: {data["type"]}\ndata: {data.ToString(Newtonsoft.Json.Formatting.None)}\n\n");
        await context.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
