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

    /// <summary>
    /// The whole text as one JSON object, else the last pretty-printed object that ends the text (after log lines),
    /// else the last line that is one.
    /// </summary>
    public static JObject? LastObject(string text)
    {
        var whole = TryParse(text.Trim());
        if (whole is not null)
        {
            return whole;
        }

        var lines = text.Split('\n');
        for (var start = lines.Length - 1; start >= 0; start--)
        {
            if (lines[start].TrimEnd() == "{" && TryParse(string.Join('\n', lines[start..]).Trim()) is { } trailing)
            {
                return trailing;
            }
        }

        return JsonLines(text).LastOrDefault();
    }

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
