using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Plans;

/// <summary>
/// Reads a JSON plan (<c>{"tasks": [...]}</c>, see schemas/plan.schema.json). Every error names the
/// source, line and field; unknown fields are errors so typos such as "dependson" don't pass silently.
/// </summary>
public static partial class JsonPlanParser
{
    public static IReadOnlyList<string> RootFields { get; } = ["$schema", "tasks"];

    public static IReadOnlyList<string> RequiredTaskFields { get; } = ["id", "description"];

    public static IReadOnlyList<string> TaskFields { get; } =
    [
        "id", "description", "depends_on", "files", "parallel", "agent", "command",
        "estimate_seconds", "acceptance", "check", "phase", "story", "done", "deferred",
    ];

    // A year: more is a typo, and keeps every later sum of estimates far from overflowing.
    private const double MaxSeconds = 366 * 24 * 3600;

    private static readonly JsonLoadSettings TaskLoadSettings = new()
    {
        LineInfoHandling = LineInfoHandling.Load,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
    };

    /// <summary>
    /// Streams the plan: each task is read into a token of its own and turned into a <see cref="PlanTask"/> at once, so
    /// a plan of 50,000 tasks is never one tree in memory.
    /// </summary>
    public static IReadOnlyList<PlanTask> Parse(TextReader reader, string sourceName)
    {
        using var json = new JsonTextReader(reader) { CloseInput = false, DateParseHandling = DateParseHandling.None };
        try
        {
            var tasks = ReadPlan(json, sourceName);
            while (json.Read())
            {
                if (json.TokenType != JsonToken.Comment)
                {
                    throw new JsonReaderException("unexpected content after the plan object", json.Path, json.LineNumber, json.LinePosition, null);
                }
            }

            return tasks;
        }
        catch (JsonReaderException e)
        {
            var message = LocationSuffix().Replace(e.Message, string.Empty);
            throw new InputException($"{sourceName}:{Math.Max(e.LineNumber, 1)}:{Math.Max(e.LinePosition, 1)}: invalid JSON: {message}");
        }
    }

    private static List<PlanTask> ReadPlan(JsonTextReader json, string sourceName)
    {
        if (!ReadSkippingComments(json) || json.TokenType != JsonToken.StartObject)
        {
            throw At(sourceName, json, "the plan must be a JSON object with a \"tasks\" array");
        }

        var planLine = json.LineNumber;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<(string Name, int Line)>();
        List<PlanTask>? tasks = null;
        while (ReadSkippingComments(json) && json.TokenType == JsonToken.PropertyName)
        {
            var (name, line) = ((string)json.Value!, json.LineNumber);
            if (!seen.Add(name))
            {
                throw new JsonReaderException($"Property with the name '{name}' already exists in the current JSON object.", json.Path, json.LineNumber, json.LinePosition, null);
            }

            ReadSkippingComments(json);
            if (!RootFields.Contains(name, StringComparer.Ordinal))
            {
                unknown.Add((name, line));
                json.Skip();
            }
            else if (name == "$schema" && json.TokenType != JsonToken.String)
            {
                throw At(sourceName, json, "$schema must be a string");
            }
            else if (name == "tasks")
            {
                tasks = ReadTasks(json, sourceName);
            }
        }

        if (unknown.Count > 0)
        {
            var noun = unknown.Count == 1 ? "field" : "fields";
            throw new InputException($"{sourceName}:{unknown[0].Line}: the plan has unknown {noun} " +
                $"{string.Join(", ", unknown.Select(u => $"\"{u.Name}\""))} (allowed: {string.Join(", ", RootFields)})");
        }

        return tasks ?? throw new InputException($"{sourceName}:{Math.Max(planLine, 1)}: missing required field \"tasks\"");
    }

    private static List<PlanTask> ReadTasks(JsonTextReader json, string sourceName)
    {
        if (json.TokenType != JsonToken.StartArray)
        {
            throw At(sourceName, json, "tasks must be an array of task objects");
        }

        var tasks = new List<PlanTask>();
        while (ReadSkippingComments(json) && json.TokenType != JsonToken.EndArray)
        {
            tasks.Add(ReadTask(sourceName, JToken.ReadFrom(json, TaskLoadSettings), $"tasks[{tasks.Count}]"));
        }

        return tasks;
    }

    private static bool ReadSkippingComments(JsonTextReader json)
    {
        while (json.Read())
        {
            if (json.TokenType != JsonToken.Comment)
            {
                return true;
            }
        }

        return false;
    }

    private static InputException At(string sourceName, JsonTextReader json, string message) =>
        new($"{sourceName}:{Math.Max(json.LineNumber, 1)}: {message}");

    private static PlanTask ReadTask(string sourceName, JToken token, string name)
    {
        if (token is not JObject task)
        {
            throw Error(sourceName, token, $"{name} must be an object");
        }

        RejectUnknownFields(sourceName, task, TaskFields, name);
        var fields = new FieldReader(sourceName, task, name);
        return new PlanTask
        {
            Id = fields.RequiredString("id"),
            Description = fields.RequiredString("description"),
            DependsOn = fields.StringArray("depends_on", "task ids"),
            Files = fields.StringArray("files", "file paths"),
            Parallel = fields.Boolean("parallel"),
            Agent = fields.OptionalString("agent"),
            Command = fields.OptionalString("command"),
            EstimateSeconds = fields.NonNegativeNumber("estimate_seconds"),
            Acceptance = fields.OptionalString("acceptance"),
            Check = fields.OptionalString("check"),
            Phase = fields.Integer("phase"),
            Story = fields.OptionalString("story"),
            Done = fields.Boolean("done"),
            Deferred = fields.Boolean("deferred"),
            Line = Line(task),
        };
    }

    private static void RejectUnknownFields(string sourceName, JObject obj, IReadOnlyList<string> known, string name)
    {
        var unknown = obj.Properties().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            var names = string.Join(", ", unknown.Select(p => $"\"{p.Name}\""));
            var noun = unknown.Count == 1 ? "field" : "fields";
            throw Error(sourceName, unknown[0], $"{name} has unknown {noun} {names} (allowed: {string.Join(", ", known)})");
        }
    }

    internal static InputException Error(string sourceName, JToken token, string message) =>
        new($"{sourceName}:{Line(token)}: {message}");

    private static int Line(JToken token) => Math.Max(((IJsonLineInfo)token).LineNumber, 1);

    [GeneratedRegex(@"\s*Path '.*', line \d+, position \d+\.$")]
    private static partial Regex LocationSuffix();

    private sealed class FieldReader(string sourceName, JObject task, string taskName)
    {
        public string RequiredString(string field)
        {
            if (task[field] is not { } value)
            {
                throw Error(sourceName, task, $"{taskName}.{field} is required");
            }

            return value.Type == JTokenType.String && value.Value<string>()!.Trim().Length > 0
                ? value.Value<string>()!
                : throw Error(sourceName, value, $"{taskName}.{field} must be a non-empty string");
        }

        public string? OptionalString(string field) => task[field] switch
        {
            null => null,
            { Type: JTokenType.String } value => value.Value<string>(),
            var value => throw Error(sourceName, value, $"{taskName}.{field} must be a string"),
        };

        public List<string> StringArray(string field, string itemsName) => task[field] switch
        {
            null => [],
            JArray array when array.All(item => item.Type == JTokenType.String) =>
                array.Select(item => item.Value<string>()!).ToList(),
            var value => throw Error(sourceName, value, $"{taskName}.{field} must be an array of {itemsName}"),
        };

        public bool Boolean(string field) => task[field] switch
        {
            null => false,
            { Type: JTokenType.Boolean } value => value.Value<bool>(),
            var value => throw Error(sourceName, value, $"{taskName}.{field} must be true or false"),
        };

        public int? Integer(string field) => task[field] switch
        {
            null => null,
            JValue { Value: long number } when number is >= int.MinValue and <= int.MaxValue => (int)number,
            var value => throw Error(sourceName, value, $"{taskName}.{field} must be an integer from {int.MinValue} to {int.MaxValue}"),
        };

        public double? NonNegativeNumber(string field) => task[field] switch
        {
            null => null,
            JValue { Value: long or double } value when value.Value<double>() is >= 0 and <= MaxSeconds => value.Value<double>(),
            var value => throw Error(sourceName, value, $"{taskName}.{field} must be a number from 0 to {MaxSeconds:0} (seconds)"),
        };
    }
}
