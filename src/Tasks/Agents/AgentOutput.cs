using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Agents;

/// <summary>Reading what agent CLIs print: JSON objects, JSONL event streams, last lines.</summary>
public static class AgentOutput
{
    /// <summary>Every line of <paramref name="text"/> that is a JSON object, in order; other lines are skipped.</summary>
    public static IReadOnlyList<JObject> JsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(TryParse)
            .OfType<JObject>()
            .ToList();

    /// <summary>The whole text as one JSON object (pretty-printed output), else the last line that is one.</summary>
    public static JObject? LastObject(string text) => TryParse(text.Trim()) ?? JsonLines(text).LastOrDefault();

    public static JObject? TryParse(string text)
    {
        if (!text.StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JObject.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    public static long Long(JToken? token, string path) => token?.SelectToken(path)?.Type is JTokenType.Integer or JTokenType.Float
        ? token.SelectToken(path)!.Value<long>()
        : 0;

    public static string ExitFailure(Processes.ProcessResult process) =>
        $"exit code {process.ExitCode}: {LastLine(process.StandardError) ?? LastLine(process.StandardOutput) ?? "no output"}";
}
