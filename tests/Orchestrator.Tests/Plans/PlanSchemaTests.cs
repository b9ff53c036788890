using Newtonsoft.Json.Linq;
using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

public class PlanSchemaTests
{
    private static readonly JObject Schema = JObject.Parse(File.ReadAllText(SchemaPath()));

    private static JObject TaskSchema => (JObject)Schema["$defs"]!["task"]!;

    [Fact]
    public void The_schema_is_json_schema_draft_2020_12()
    {
        Schema["$schema"]!.Value<string>().Should().Be("https://json-schema.org/draft/2020-12/schema");
    }

    [Fact]
    public void The_schema_and_the_parser_accept_exactly_the_same_task_fields()
    {
        var schemaFields = ((JObject)TaskSchema["properties"]!).Properties().Select(p => p.Name);

        schemaFields.Should().BeEquivalentTo(JsonPlanParser.TaskFields);
        TaskSchema["additionalProperties"]!.Value<bool>().Should().BeFalse();
    }

    [Fact]
    public void The_schema_and_the_parser_require_the_same_task_fields()
    {
        TaskSchema["required"]!.Values<string>().Should().BeEquivalentTo(JsonPlanParser.RequiredTaskFields);
    }

    [Fact]
    public void The_schema_and_the_parser_accept_exactly_the_same_top_level_fields()
    {
        var schemaFields = ((JObject)Schema["properties"]!).Properties().Select(p => p.Name);

        schemaFields.Should().BeEquivalentTo(JsonPlanParser.RootFields);
        Schema["required"]!.Values<string>().Should().Equal("tasks");
        Schema["additionalProperties"]!.Value<bool>().Should().BeFalse();
    }

    [Fact]
    public void A_task_using_every_schema_field_loads()
    {
        var sampleValues = new Dictionary<string, JToken>
        {
            ["array"] = new JArray(),
            ["boolean"] = true,
            ["integer"] = 1,
            ["number"] = 2.5,
            ["string"] = "x",
        };
        var task = new JObject(((JObject)TaskSchema["properties"]!).Properties()
            .Select(p => new JProperty(p.Name, sampleValues[p.Value["type"]!.Value<string>()!])));
        var json = new JObject(new JProperty("tasks", new JArray(task))).ToString();

        var load = () => PlanLoader.LoadJson(new StringReader(json), "plan.json");

        load.Should().NotThrow();
    }

    private static string SchemaPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "schemas", "plan.schema.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("schemas/plan.schema.json not found above " + AppContext.BaseDirectory);
    }
}
