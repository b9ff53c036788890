using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// The Anthropic Messages API as claude calls it (<c>POST /v1/messages</c>, streamed as server-sent events): first a
/// <c>Write</c> tool call creating the task's file, then, once the tool result comes back, a final text answer.
/// </summary>
public static class AnthropicFake
{
    public const string ServerErrorMessage = "fake upstream exploded";

    public const string RateLimitBody = """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""";

    public static Task<FakeModelServer> StartAsync(ModelBehaviour behaviour, FakeTrouble? trouble = null) => FakeModelServer.StartAsync((context, request) =>
        (context.Request.Path.Value ?? "").StartsWith("/v1/messages", StringComparison.Ordinal)
            ? AnswerAsync(context, request!, behaviour, trouble)
            : Task.CompletedTask);

    private static async Task AnswerAsync(HttpContext context, JObject request, ModelBehaviour behaviour, FakeTrouble? trouble)
    {
        var toolRan = request["messages"]?.Last?["content"] is JArray last && last.Any(c => (string?)c["type"] == "tool_result");
        if (request.Value<bool?>("stream") == true && trouble is not null && await trouble.AnswerAsync(context, request, toolRan, RateLimitBody))
        {
            return;
        }

        if (behaviour == ModelBehaviour.Fail500)
        {
            await FakeModelServer.ServerErrorAsync(context, new JObject
            {
                ["type"] = "error",
                ["error"] = new JObject { ["type"] = "api_error", ["message"] = ServerErrorMessage },
            }.ToString());
            return;
        }

        if (behaviour == ModelBehaviour.Stall)
        {
            await FakeModelServer.StallAsync(context);
            return;
        }

        var toolResultArrived = request["messages"]?.Last?["content"] is JArray content && content.Any(c => (string?)c["type"] == "tool_result");
        var script = TaskScript.Find(request);
        var writeFile = !toolResultArrived && request["tools"] is JArray { Count: > 0 } && script?.Worktree is not null;
        var block = writeFile
            ? new JObject { ["type"] = "tool_use", ["id"] = $"toolu_{Guid.NewGuid():N}", ["name"] = "Write", ["input"] = new JObject() }
            : new JObject { ["type"] = "text", ["text"] = "" };
        var delta = writeFile
            ? new JObject
            {
                ["type"] = "input_json_delta",
                ["partial_json"] = new JObject { ["file_path"] = Path.Combine(script!.Worktree!, script.File), ["content"] = script.Text + "\n" }.ToString(Newtonsoft.Json.Formatting.None),
            }
            : new JObject { ["type"] = "text_delta", ["text"] = $"Done: {script?.File ?? "nothing to do"}." };
        if (request.Value<bool?>("stream") != true)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Message(request, [new JObject { ["type"] = "text", ["text"] = "ok" }], "end_turn").ToString());
            return;
        }

        await FakeModelServer.StartEventStreamAsync(context);
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "message_start", ["message"] = Message(request, [], null) });
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = block });
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta });
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await FakeModelServer.SendEventAsync(context, new JObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JObject { ["stop_reason"] = writeFile ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JObject { ["output_tokens"] = 20 },
        });
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "message_stop" });
    }

    private static JObject Message(JObject request, JArray content, string? stopReason) => new()
    {
        ["id"] = $"msg_{Guid.NewGuid():N}",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = request["model"],
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JObject { ["input_tokens"] = 100, ["output_tokens"] = stopReason is null ? 1 : 20 },
    };
}
