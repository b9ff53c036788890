using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orchestrator.Runs;

namespace Orchestrator.Serve;

/// <summary>The read side: the runs, one run, the latest run's queue, a task's log, and the live event stream.</summary>
internal static class RunsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(WebApplication app, Dashboard dashboard)
    {
        app.MapGet("/api/runs", () => Json(dashboard.View.List()));
        app.MapGet("/api/runs/{runId}", (string runId) =>
        {
            if (dashboard.View.Latest() is { } latest && latest.State.RunId == runId)
            {
                return Json(dashboard.View.Detail(latest.State, latest.Picture));
            }

            return dashboard.View.List().FirstOrDefault(r => r.RunId == runId) is { } earlier ? Json(earlier) : NotFound($"no run {runId}");
        });
        app.MapGet("/api/queue", () => Json(dashboard.View.Latest() is { } latest ? RunsView.Queue(latest.Picture) : []));
        app.MapGet("/api/runs/{runId}/tasks/{taskId}/log", (string runId, string taskId) =>
        {
            var task = dashboard.View.Latest() is { } latest && latest.State.RunId == runId
                ? latest.Picture.Tasks.FirstOrDefault(t => t.Id == taskId)
                : null;
            if (task is null)
            {
                return NotFound($"no task {taskId} in run {runId}");
            }

            var path = new RunLayout(dashboard.Artifacts, runId).LogFile(taskId);
            return Results.Text(File.Exists(path) ? ReadShared(path) : "", "text/plain; charset=utf-8");
        });
        app.MapGet("/api/events", StreamAsync);

        async Task StreamAsync(HttpContext context)
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, dashboard.Closing());
            var reader = dashboard.Hub.Subscribe();
            try
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                await context.Response.WriteAsync(": connected\n\n", either.Token);
                await context.Response.Body.FlushAsync(either.Token);
                while (!either.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(either.Token);
                    wait.CancelAfter(KeepAlive);
                    string frame;
                    try
                    {
                        frame = $"data: {await reader.ReadAsync(wait.Token)}\n\n";
                    }
                    catch (OperationCanceledException) when (!either.IsCancellationRequested)
                    {
                        frame = ": keep-alive\n\n";
                    }

                    await context.Response.WriteAsync(frame, either.Token);
                    await context.Response.Body.FlushAsync(either.Token);
                }
            }
            catch (OperationCanceledException) when (either.IsCancellationRequested)
            {
                // The page went away, or the server is closing.
            }
            finally
            {
                dashboard.Hub.Unsubscribe(reader);
            }
        }
    }

    public static IResult Json(object? value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, ApiJson.Options, statusCode: status);

    public static IResult NotFound(string error) => Json(new { error }, StatusCodes.Status404NotFound);

    private static string ReadShared(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
