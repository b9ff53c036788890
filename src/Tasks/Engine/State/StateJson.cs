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
        ContractResolver = new DefaultContractResolver { NamingStrategy = new SnakeCaseNamingStrategy() },
        Converters = { new StringEnumConverter(new SnakeCaseNamingStrategy()) },
        Formatting = Formatting.Indented,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    public static string Serialize(object? value) => JsonConvert.SerializeObject(value, Settings);

    public static T? Deserialize<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);

    public static JToken ToToken(object value) => JToken.FromObject(value, Serializer);

    public static T? FromToken<T>(JToken? token) => token is null || token.Type == JTokenType.Null ? default : token.ToObject<T>(Serializer);
}
