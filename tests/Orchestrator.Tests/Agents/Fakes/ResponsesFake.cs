using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// The OpenAI Responses API as codex calls it (<c>POST /v1/responses</c>, streamed): first an <c>exec_command</c>
/// function call writing the task's file, then, once its output comes back and the file is there, a final assistant message.
/// </summary>
public static class ResponsesFake
{
    /// <summary>Each request is billed 100 input and 20 output tokens.</summary>
    public const int InputTokensPerRequest = 100;

    public const int OutputTokensPerRequest = 20;

    private const int MaxCommandRuns = 3;

    public const string RateLimitBody = """{"error":{"message":"Rate limit reached for gpt-5-codex on tokens per min. Please try again in 2s.","type":"rate_limit_exceeded","code":"rate_limit_exceeded"}}""";

    public static Task<FakeModelServer> StartAsync(ModelBehaviour behaviour, FakeTrouble? trouble = null) => FakeModelServer.StartAsync((context, request) =>
        context.Request.Path.Value == "/v1/responses" ? AnswerAsync(context, request!, behaviour, trouble) : Task.CompletedTask);

    private static async Task AnswerAsync(HttpContext context, JObject request, ModelBehaviour behaviour, FakeTrouble? trouble)
    {
        var toolRuns = request["input"] is JArray input ? input.Count(i => (string?)i["type"] == "function_call_output") : 0;
        if (trouble is not null && await trouble.AnswerAsync(context, request, toolRuns > 0, RateLimitBody))
        {
            return;
        }

        if (behaviour == ModelBehaviour.Fail500)
        {
            await FakeModelServer.ServerErrorAsync(context, """{"error":{"message":"fake upstream exploded","type":"server_error"}}""");
            return;
        }

        if (behaviour == ModelBehaviour.Stall)
        {
            await FakeModelServer.StallAsync(context);
            return;
        }

        var script = TaskScript.Find(request);
        // Like a model checking its work, it runs the command again when the file is not there after a run.
        var item = script is not null && (toolRuns == 0 || (toolRuns < MaxCommandRuns && !script.IsWritten()))
            ? new JObject
            {
                ["type"] = "function_call",
                ["id"] = $"fc_{Guid.NewGuid():N}",
                ["call_id"] = $"call_{Guid.NewGuid():N}",
                ["name"] = "exec_command",
                ["arguments"] = new JObject { ["cmd"] = $"printf '%s\\n' {script.Text} > {script.File}" }.ToString(Newtonsoft.Json.Formatting.None),
            }
            : new JObject
            {
                ["type"] = "message",
                ["role"] = "assistant",
                ["id"] = $"msg_{Guid.NewGuid():N}",
                ["content"] = new JArray(new JObject { ["type"] = "output_text", ["text"] = $"Done: {script?.File ?? "nothing to do"}." }),
            };
        var id = $"resp_{Guid.NewGuid():N}";
        await FakeModelServer.StartEventStreamAsync(context);
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "response.created", ["response"] = new JObject { ["id"] = id } });
        await FakeModelServer.SendEventAsync(context, new JObject { ["type"] = "response.output_item.done", ["output_index"] = 0, ["item"] = item });
        await FakeModelServer.SendEventAsync(context, new JObject
        {
            ["type"] = "response.completed",
            ["response"] = new JObject
            {
                ["id"] = id,
                ["usage"] = new JObject
                {
                    ["input_tokens"] = InputTokensPerRequest,
                    ["input_tokens_details"] = new JObject { ["cached_tokens"] = 0 },
                    ["output_tokens"] = OutputTokensPerRequest,
                    ["output_tokens_details"] = new JObject { ["reasoning_tokens"] = 0 },
                    ["total_tokens"] = InputTokensPerRequest + OutputTokensPerRequest,
                },
            },
        });
    }

    /// <summary>How many model requests the server answered for the task that writes <paramref name="file"/>.</summary>
    public static int RequestsFor(FakeModelServer server, string file) => server.Requests
        .Count(r => r.Request == "POST /v1/responses" && TaskScript.Find(JObject.Parse(r.Body))?.File == file);
}
