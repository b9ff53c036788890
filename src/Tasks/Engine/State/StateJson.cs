using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>The one JSON shape of every artifact: snake_case names, indented, ISO dates, enums as strings.</summary>
public static class StateJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new StateContractResolver(),
        Converters = { new StringEnumConverter(new SnakeCaseNames()), new SavedJson.TokenConverter(), new SavedJson.RunStateConverter() },
        Formatting = Formatting.Indented,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>
    /// The same shape on one line (the same contracts, built once): large runs' state files, where indentation is a
    /// third of the bytes.
    /// </summary>
    public static readonly JsonSerializer CompactSerializer = JsonSerializer.Create(new JsonSerializerSettings(Settings) { Formatting = Formatting.None });

    public static string Serialize(object? value) => JsonConvert.SerializeObject(value, Settings);

    public static T? Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);

    public static JToken ToToken(object value) => JToken.FromObject(value, Serializer);

    public static T? FromToken<T>(JToken? token) => token switch
    {
        null or { Type: JTokenType.Null } => default,
        Snapshot { Source: T kept } => kept,
        Snapshot saved => saved.Read<T>(),
        _ => token.ToObject<T>(Serializer),
    };

    /// <summary>
    /// <paramref name="value"/> as compact JSON text held in a token, its strings redacted now: a large output or plan
    /// written as it is at every save, without a tree of a million tokens (or a string of 30 MB) in memory.
    /// </summary>
    public static JRaw Raw(object value, Func<string, string>? redact)
    {
        var text = JsonText.Of(utf8 =>
        {
            using var json = Writer(utf8, redact);
            CompactSerializer.Serialize(json, value);
        });

        return new Snapshot(text, value);
    }

    /// <summary>A JSON writer on <paramref name="text"/> that passes every string value through <paramref name="redact"/>.</summary>
    public static JsonTextWriter Writer(TextWriter text, Func<string, string>? redact) =>
        redact is null ? new JsonTextWriter(text) { CloseOutput = false } : new RedactingJsonWriter(text, redact) { CloseOutput = false };

    /// <summary>A large value of a saved state, kept as its text (<see cref="SavedJson"/>).</summary>
    internal static JRaw Saved(JsonText text) => new Snapshot(text, source: null);

    /// <summary>
    /// Saved text, written block by block; it remembers the object it was made from, if any, to be read back in this
    /// process without parsing it.
    /// </summary>
    private sealed class Snapshot(JsonText json, object? source) : JRaw(json)
    {
        public object? Source { get; } = source;

        public override void WriteTo(JsonWriter writer, params JsonConverter[] converters) => json.WriteTo(writer);

        public T? Read<T>()
        {
            using var reader = new JsonTextReader(json.OpenText());
            return Serializer.Deserialize<T>(reader);
        }
    }

    private sealed class RedactingJsonWriter(TextWriter writer, Func<string, string> redact) : JsonTextWriter(writer)
    {
        public override void WriteValue(string? value) => base.WriteValue(value is null ? null : redact(value));
    }
}
