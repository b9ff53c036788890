using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// Trouble a fake model server makes for one task's file: HTTP 429 with <c>retry-after</c> for its first
/// <see cref="RateLimitTimes"/> requests, or its turn after the tool ran left hanging (a long task, to kill the run in).
/// </summary>
public sealed class FakeTrouble
{
    private int _limited;

    public required string File { get; init; }

    public int RateLimitTimes { get; init; }

    public int RetryAfterSeconds { get; init; } = 2;

    /// <summary>Hang the turn that follows the task's tool call, unless the request says the run was interrupted.</summary>
    public bool StallAfterTool { get; init; }

    /// <summary>Set once a turn hangs.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Limited => Math.Min(_limited, RateLimitTimes);

    /// <summary>True when it answered the request itself.</summary>
    public async Task<bool> AnswerAsync(HttpContext context, JObject request, bool toolRan, string errorBody)
    {
        var script = TaskScript.Find(request);
        if (script?.File != File)
        {
            return false;
        }

        if (RateLimitTimes > 0 && Interlocked.Increment(ref _limited) <= RateLimitTimes)
        {
            context.Response.Headers["retry-after"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await FakeModelServer.ServerErrorAsync(context, errorBody, 429);
            return true;
        }

        if (StallAfterTool && toolRan && !request.ToString().Contains("run was interrupted", StringComparison.Ordinal))
        {
            Stalled.TrySetResult();
            await FakeModelServer.StallAsync(context);
            return true;
        }

        return false;
    }
}
