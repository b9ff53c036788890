using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// The Gemini API as gemini-cli calls it: a JSON-mode routing request (<c>:generateContent</c>), then the turn
/// (<c>:streamGenerateContent?alt=sse</c>) answered with a <c>write_file</c> function call and, once its response
/// comes back, a final text.
/// </summary>
public static class GeminiFake
{
    public static Task<FakeModelServer> StartAsync(ModelBehaviour behaviour) => FakeModelServer.StartAsync((context, request) =>
        (context.Request.Path.Value ?? "").StartsWith("/v1beta/models/", StringComparison.Ordinal)
            ? AnswerAsync(context, request!, behaviour)
            : Task.CompletedTask);

    private static async Task AnswerAsync(HttpContext context, JObject request, ModelBehaviour behaviour)
    {
        if (behaviour == ModelBehaviour.Fail500)
        {
            // The routing call gets a 400, which gemini does not retry; the turn itself gets the 500.
            var routing = context.Request.Path.Value!.EndsWith(":generateContent", StringComparison.Ordinal);
            var status = routing ? 400 : 500;
            await FakeModelServer.ServerErrorAsync(context, new JObject { ["error"] = new JObject { ["code"] = status, ["message"] = "fake upstream exploded", ["status"] = "INTERNAL" } }.ToString(), status);
            return;
        }

        var usage = new JObject { ["promptTokenCount"] = 100, ["candidatesTokenCount"] = 20, ["totalTokenCount"] = 120 };
        if (context.Request.Path.Value!.EndsWith(":generateContent", StringComparison.Ordinal))
        {
            var routing = new JObject { ["complexity_reasoning"] = "a single file", ["complexity_score"] = 10 };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Candidate(new JObject { ["text"] = routing.ToString() }, usage).ToString());
            return;
        }

        var responded = request["contents"]!.SelectMany(c => c["parts"] ?? new JArray()).Any(p => p["functionResponse"] is not null);
        var script = TaskScript.Find(request);
        var part = !responded && script?.Worktree is not null
            ? new JObject
            {
                ["functionCall"] = new JObject
                {
                    ["name"] = "write_file",
                    ["args"] = new JObject { ["file_path"] = Path.Combine(script.Worktree, script.File), ["content"] = script.Text + "\n" },
                },
            }
            : new JObject { ["text"] = $"Done: {script?.File ?? "nothing to do"}." };
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync($"data: {Candidate(part, usage).ToString(Newtonsoft.Json.Formatting.None)}\n\n");
    }

    private static JObject Candidate(JObject part, JObject usage) => new()
    {
        ["candidates"] = new JArray(new JObject
        {
            ["content"] = new JObject { ["role"] = "model", ["parts"] = new JArray(part) },
            ["finishReason"] = "STOP",
            ["index"] = 0,
        }),
        ["usageMetadata"] = usage,
    };
}
