using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Orchestrator.Serve.RunsApi;

namespace Orchestrator.Serve;

/// <summary>
/// The mutations, each behind the bearer token: start a run (202 once it is prepared; 409 while one runs; 400 naming the
/// field for bad input, checked as the command line checks it), stop it as Ctrl-C does, resume the latest, cancel a task.
/// </summary>
internal static partial class ControlApi
{
    public static void Map(WebApplication app, Dashboard dashboard)
    {
        var control = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
            dashboard.IsAuthorized(context.HttpContext.Request)
                ? await next(context)
                : Json(new { error = "a bearer token is needed (see serve.token in the artifacts folder)" }, StatusCodes.Status401Unauthorized));

        control.MapPost("/runs", async (HttpRequest request) =>
        {
            Dictionary<string, JsonElement>? fields;
            try
            {
                fields = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                return BadRequest(null, $"the body is not a JSON object: {ex.Message}");
            }

            if (fields is null)
            {
                return BadRequest(null, "the body is not a JSON object");
            }

            try
            {
                return await StartAsync(dashboard, dashboard.Starter.CommandLineFor(fields), fields);
            }
            catch (BadFieldException ex)
            {
                return BadRequest(ex.Field, ex.Message);
            }
        });
        control.MapPost("/runs/{runId}/stop", (string runId) =>
        {
            if (dashboard.Hub.Live is { IsRunning: true } live && live.RunId == runId)
            {
                live.Stop();
                return Json(new { run_id = runId, status = "stopping" }, StatusCodes.Status202Accepted);
            }

            return Known(dashboard, runId) ? Json(new { error = $"run {runId} is not running here", run_id = runId }, StatusCodes.Status409Conflict)
                : NotFound($"no run {runId}");
        });
        control.MapPost("/runs/{runId}/resume", async (string runId) =>
        {
            if (dashboard.View.Latest() is not { } latest || latest.State.RunId != runId)
            {
                return Known(dashboard, runId)
                    ? Json(new { error = $"only the latest run can be resumed, not {runId}", run_id = runId }, StatusCodes.Status409Conflict)
                    : NotFound($"no run {runId}");
            }

            return await StartAsync(dashboard, dashboard.Starter.ResumeCommandLine(), new Dictionary<string, JsonElement>());
        });
        control.MapDelete("/queue/{taskId}", (string taskId) =>
        {
            var latest = dashboard.View.Latest();
            var task = latest?.Picture.Tasks.FirstOrDefault(t => t.Id == taskId);
            if (task is null)
            {
                return NotFound($"no task {taskId} in the latest run");
            }

            if (dashboard.Hub.Live is not { IsRunning: true } live || live.RunId != latest!.Value.State.RunId)
            {
                return Json(new { error = "the run is not running here", task_id = taskId }, StatusCodes.Status409Conflict);
            }

            if (task.Status is not ("pending" or "ready" or "running"))
            {
                return Json(new { error = $"task {taskId} has ended ({task.Status})", task_id = taskId }, StatusCodes.Status409Conflict);
            }

            live.Tasks.Cancel(taskId);
            return Json(new { task_id = taskId, status = "cancelling" }, StatusCodes.Status202Accepted);
        });
    }

    /// <summary>Starts the run and answers once it is prepared (202) or has ended without starting (its error).</summary>
    private static async Task<IResult> StartAsync(Dashboard dashboard, IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, JsonElement> fields)
    {
        var live = new LiveRun();
        if (dashboard.Hub.Begin(live) != live)
        {
            live.Dispose();
            return Running(dashboard.Hub.Live!);
        }

        live.Completion = Task.Run(() => dashboard.Starter.RunAsync(commandLine, dashboard.Hub, live.Tasks, live.Stopping));
        await Task.WhenAny(live.Started, live.Completion);
        if (live.Started.IsCompletedSuccessfully)
        {
            return Json(new { run_id = live.RunId }, StatusCodes.Status202Accepted);
        }

        var exit = await live.Completion;
        var error = exit.Error ?? $"the run ended with exit code {exit.ExitCode} before it started";
        return error.Contains("another orchestrator run is using", StringComparison.Ordinal)
            ? Json(new { error, run_id = (string?)null }, StatusCodes.Status409Conflict)
            : exit.ExitCode == 2 ? BadRequest(FieldNamedIn(error, fields), error)
            : Json(new { error }, StatusCodes.Status500InternalServerError);
    }

    private static IResult Running(LiveRun live) =>
        Json(new { error = $"run {live.RunId} is running; stop it first or wait for it to end", run_id = live.RunId }, StatusCodes.Status409Conflict);

    private static IResult BadRequest(string? field, string error) => Json(new { error, field }, StatusCodes.Status400BadRequest);

    private static bool Known(Dashboard dashboard, string runId) => dashboard.View.Index().Any(r => r.RunId == runId);

    /// <summary>The field an error names: the flag it starts with (<c>--max-concurrent</c> is <c>max_concurrent</c>), else the field whose value it quotes.</summary>
    private static string? FieldNamedIn(string error, IReadOnlyDictionary<string, JsonElement> fields)
    {
        if (FlagPattern().Match(error) is { Success: true } flag && fields.ContainsKey(flag.Groups[1].Value.Replace('-', '_')))
        {
            return flag.Groups[1].Value.Replace('-', '_');
        }

        return fields.FirstOrDefault(f => f.Value.ValueKind == JsonValueKind.String && f.Value.GetString() is { Length: > 0 } value
            && error.Contains(value, StringComparison.Ordinal)).Key;
    }

    [GeneratedRegex("--([a-z][a-z-]*)")]
    private static partial Regex FlagPattern();
}
