using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

public class JsonPlanParserTests
{
    private static TaskPlan Load(string json) => PlanLoader.LoadJson(new StringReader(json), "plan.json");

    private static void ShouldFail(string json, string message) =>
        FluentActions.Invoking(() => Load(json)).Should().Throw<InputException>().WithMessage(message);

    [Fact]
    public void A_json_plan_loads_every_field_as_written()
    {
        var plan = Load("""
            {
              "$schema": "../schemas/plan.schema.json",
              "tasks": [
                { "id": "setup", "description": "Create the project", "done": true },
                {
                  "id": "api",
                  "description": "Build the API",
                  "depends_on": ["setup"],
                  "files": ["src/api.cs"],
                  "parallel": true,
                  "agent": "claude",
                  "command": "make api",
                  "estimate_seconds": 90.5,
                  "acceptance": "tests pass",
                  "phase": 2,
                  "story": "US1"
                }
              ]
            }
            """);

        plan.Format.Should().Be(PlanFormat.Json);
        plan.Tasks.Select(t => t.Id).Should().Equal("setup", "api");
        plan["setup"].Done.Should().BeTrue();
        plan["setup"].DependsOn.Should().BeEmpty();
        plan["setup"].Line.Should().Be(4);
        plan["api"].Should().BeEquivalentTo(new PlanTask
        {
            Id = "api",
            Description = "Build the API",
            DependsOn = ["setup"],
            Files = ["src/api.cs"],
            Parallel = true,
            Agent = "claude",
            Command = "make api",
            EstimateSeconds = 90.5,
            Acceptance = "tests pass",
            Phase = 2,
            Story = "US1",
            Line = 5,
        });
    }

    [Fact]
    public void A_json_syntax_error_names_line_and_column()
    {
        ShouldFail("{\n  \"tasks\": [\n    { \"id\": \"a\" \"description\": \"x\" }\n  ]\n}", "plan.json:3:*: invalid JSON: *");
    }

    [Fact]
    public void Content_after_the_plan_object_is_a_syntax_error()
    {
        ShouldFail("{\"tasks\": []}\n{}", "plan.json:2:*: invalid JSON: *");
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_the_task_and_field()
    {
        ShouldFail("""
            {
              "tasks": [
                { "id": "a", "description": "A" },
                { "id": "b", "description": "B" },
                { "id": "c", "description": "C",
                  "files": [],
                  "depends_on": "a"
                }
              ]
            }
            """, "plan.json:7: tasks[2].depends_on must be an array of task ids");
    }

    [Theory]
    [InlineData("\"parallel\": \"yes\"", "tasks[0].parallel must be true or false")]
    [InlineData("\"estimate_seconds\": -3", "tasks[0].estimate_seconds must be a number from 0 to 31622400 (seconds)")]
    [InlineData("\"phase\": 1.5", "tasks[0].phase must be an integer from -2147483648 to 2147483647")]
    [InlineData("\"files\": [\"a.cs\", 3]", "tasks[0].files must be an array of file paths")]
    [InlineData("\"agent\": null", "tasks[0].agent must be a string")]
    public void Each_wrongly_typed_field_is_reported(string field, string message)
    {
        ShouldFail($"{{\"tasks\": [{{\"id\": \"a\", \"description\": \"A\", {field}}}]}}", $"plan.json:1: {message}");
    }

    [Fact]
    public void An_unknown_field_is_reported_by_name_to_catch_typos()
    {
        ShouldFail("""
            {"tasks": [
              {"id": "a", "description": "A",
               "dependson": ["b"]}
            ]}
            """, "plan.json:3: tasks[0] has unknown field \"dependson\" (allowed: id, description, depends_on, *)");
    }

    [Fact]
    public void An_unknown_top_level_field_is_reported()
    {
        ShouldFail("{\"tasks\": [], \"task\": []}", "plan.json:1: the plan has unknown field \"task\" *");
    }

    [Fact]
    public void A_task_without_an_id_is_rejected()
    {
        ShouldFail("{\"tasks\": [\n  {\"description\": \"A\"}\n]}", "plan.json:2: tasks[0].id is required");
    }

    [Fact]
    public void A_blank_id_is_rejected()
    {
        ShouldFail("{\"tasks\": [{\"id\": \" \", \"description\": \"A\"}]}", "plan.json:1: tasks[0].id must be a non-empty string");
    }

    [Fact]
    public void A_plan_without_a_tasks_array_is_rejected()
    {
        ShouldFail("{}", "plan.json:1: missing required field \"tasks\"");
        ShouldFail("[]", "plan.json:1: the plan must be a JSON object with a \"tasks\" array");
        ShouldFail("{\"tasks\": {}}", "plan.json:1: tasks must be an array of task objects");
    }
}
