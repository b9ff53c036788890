using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>The one JSON shape of every artifact: snake_case names, indented, ISO dates, enums as strings.</summary>
public static class StateJson
{
    public static readonly JsonSerializerSettings Settings = SettingsWith(Formatting.Indented);

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>The same shape on one line: large runs' state files, where indentation is a third of the bytes.</summary>
    public static readonly JsonSerializer CompactSerializer = JsonSerializer.Create(SettingsWith(Formatting.None));

    public static string Serialize(object? value) => JsonConvert.SerializeObject(value, Settings);

    public static T? Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);

    public static JToken ToToken(object value) => JToken.FromObject(value, Serializer);

    public static T? FromToken<T>(JToken? token) => token switch
    {
        null or { Type: JTokenType.Null } => default,
        Snapshot { Source: T kept } => kept,
        JRaw raw => JsonConvert.DeserializeObject<T>((string)raw.Value!, Settings),
        _ => token.ToObject<T>(Serializer),
    };

    /// <summary>
    /// <paramref name="value"/> as compact JSON text held in a token, its strings redacted now: a large output or plan
    /// written as it is at every save, without a tree of a million tokens in memory.
    /// </summary>
    public static JRaw Raw(object value, Func<string, string>? redact)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var json = Writer(text, redact))
        {
            CompactSerializer.Serialize(json, value);
        }

        return new Snapshot(text.ToString(), value);
    }

    /// <summary>A JSON writer on <paramref name="text"/> that passes every string value through <paramref name="redact"/>.</summary>
    public static JsonTextWriter Writer(TextWriter text, Func<string, string>? redact) =>
        redact is null ? new JsonTextWriter(text) { CloseOutput = false } : new RedactingJsonWriter(text, redact) { CloseOutput = false };

    private static JsonSerializerSettings SettingsWith(Formatting formatting) => new()
    {
        ContractResolver = new StateContractResolver(),
        Converters = { new StringEnumConverter(new SnakeCaseNamingStrategy()) },
        Formatting = formatting,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    /// <summary>Saved text that remembers the object it was made from: read back in this process without parsing it.</summary>
    private sealed class Snapshot(string json, object source) : JRaw(json)
    {
        public object Source { get; } = source;
    }

    private sealed class RedactingJsonWriter(TextWriter writer, Func<string, string> redact) : JsonTextWriter(writer)
    {
        public override void WriteValue(string? value) => base.WriteValue(value is null ? null : redact(value));
    }
}
