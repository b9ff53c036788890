using Newtonsoft.Json.Linq;
using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// The final <c>{"type": "result", "subtype", "is_error", "result", "session_id", "num_turns", "usage",
/// "total_cost_usd"}</c> object that claude prints (and cursor-agent and amp copy). Success needs exit 0,
/// <c>is_error: false</c> and <c>subtype: "success"</c>: on an API error claude says "success" with <c>is_error: true</c>.
/// </summary>
public static class ResultObject
{
    /// <summary>The result object the CLI printed last, if any.</summary>
    public static JObject? Find(ProcessResult process) =>
        AgentOutput.JsonLines(process.StandardOutput).LastOrDefault(IsResult)
            ?? (AgentOutput.TryParse(process.StandardOutput.Trim()) is { } whole && IsResult(whole) ? whole : null);

    public static AgentResult Parse(ProcessResult process)
    {
        var result = Find(process);
        if (result is null)
        {
            return new AgentResult(false, process.ExitCode, $"no result object in the output; {AgentOutput.ExitFailure(process)}");
        }

        var subtype = (string?)result["subtype"];
        var isError = result.Value<bool?>("is_error") ?? false;
        var text = result["result"]?.Type == JTokenType.String ? (string?)result["result"] : null;
        var succeeded = process.ExitCode == 0 && !isError && subtype is null or "success";
        var error = succeeded ? null : FirstText(text, (string?)result["error"], subtype is not (null or "success") ? subtype : null)
            ?? AgentOutput.ExitFailure(process);
        return new AgentResult(succeeded, process.ExitCode, error)
        {
            ResultText = text,
            Usage = UsageOf(result),
        };
    }

    private static AgentUsage UsageOf(JObject result)
    {
        var usage = result["usage"];
        return new AgentUsage
        {
            InputTokens = AgentOutput.Long(usage, "input_tokens") + AgentOutput.Long(usage, "cache_creation_input_tokens")
                + AgentOutput.Long(usage, "cache_read_input_tokens"),
            OutputTokens = AgentOutput.Long(usage, "output_tokens"),
            CostUsd = result["total_cost_usd"]?.Type is JTokenType.Float or JTokenType.Integer ? result.Value<decimal>("total_cost_usd") : null,
            Turns = result.Value<int?>("num_turns"),
            SessionId = (string?)result["session_id"],
        };
    }

    private static bool IsResult(JObject line) => (string?)line["type"] == "result";

    private static string? FirstText(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
}
