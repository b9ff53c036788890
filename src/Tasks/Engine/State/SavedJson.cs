using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>
/// How a saved state is read back: a large JSON value (a 50,000-task plan or output) is kept as its text in
/// <see cref="JsonText"/> blocks, not made into a tree of a million tokens; it becomes objects only when a phase, the
/// report or the dashboard asks for it (<see cref="StateJson.FromToken{T}"/>). Smaller values are trees as before.
/// </summary>
internal static class SavedJson
{
    /// <summary>Values of more bytes than this stay text: the saved outputs of plans of a few thousand tasks and more.</summary>
    public const int TextAbove = 1 << 20;

    public static JToken Read(JsonReader reader)
    {
        if (reader.TokenType is not (JsonToken.StartObject or JsonToken.StartArray))
        {
            return JToken.ReadFrom(reader);
        }

        var text = JsonText.Of(utf8 =>
        {
            using var json = new JsonTextWriter(utf8);
            json.WriteToken(reader);
        });

        if (text.Length > TextAbove)
        {
            return StateJson.Saved(text);
        }

        using var small = new JsonTextReader(text.OpenText()) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(small);
    }

    /// <summary>A property typed <see cref="JToken"/> (a phase's <c>output_data</c>, the run's <c>plan</c>).</summary>
    public sealed class TokenConverter : JsonConverter
    {
        public override bool CanWrite => false;

        public override bool CanConvert(Type objectType) => objectType == typeof(JToken);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            reader.TokenType == JsonToken.Null ? null : Read(reader);

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => throw new NotSupportedException();
    }

    /// <summary>
    /// The run: its properties as the serializer reads them, and the phases' outputs mirrored at the top level
    /// (<c>tasks_data</c>, …: extension data, which the serializer would make into trees) through <see cref="Read"/>.
    /// </summary>
    public sealed class RunStateConverter : JsonConverter<RunState>
    {
        public override bool CanWrite => false;

        public override RunState? ReadJson(JsonReader reader, Type objectType, RunState? existingValue, bool hasExistingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                var at = (IJsonLineInfo)reader;
                throw new JsonSerializationException($"expected an object, found {reader.TokenType}", reader.Path, at.LineNumber, at.LinePosition, null);
            }

            var contract = (JsonObjectContract)serializer.ContractResolver.ResolveContract(typeof(RunState));
            var state = new RunState();
            while (ReadContent(reader) && reader.TokenType != JsonToken.EndObject)
            {
                var name = (string)reader.Value!;
                ReadContent(reader);
                if (contract.Properties.GetClosestMatchProperty(name) is { Ignored: false, Writable: true, ValueProvider: { } property } declared)
                {
                    property.SetValue(state, serializer.Deserialize(reader, declared.PropertyType!));
                }
                else
                {
                    state.PhaseFields[name] = Read(reader);
                }
            }

            state.ResolveMirroredOutputs(default);
            return state;
        }

        public override void WriteJson(JsonWriter writer, RunState? value, JsonSerializer serializer) => throw new NotSupportedException();

        private static bool ReadContent(JsonReader reader)
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
