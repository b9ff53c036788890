using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

public sealed class PlanLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("plans-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static TaskPlan LoadJson(string json) => PlanLoader.LoadJson(new StringReader(json), "plan.json");

    [Fact]
    public void A_json_file_loads_as_a_json_plan()
    {
        var path = Write("plan.json", "{\"tasks\": [{\"id\": \"a\", \"description\": \"A\"}]}");

        var plan = PlanLoader.Load(path);

        plan.Format.Should().Be(PlanFormat.Json);
        plan.SourcePath.Should().Be(path);
        plan.Tasks.Should().ContainSingle(t => t.Id == "a");
    }

    [Fact]
    public void A_markdown_file_loads_as_a_spec_kit_plan()
    {
        var path = Write("tasks.md", SpecKitSamples.RealisticTasksFile);

        var plan = PlanLoader.Load(path);

        plan.Format.Should().Be(PlanFormat.SpecKit);
        plan.Tasks.Should().HaveCount(19);
    }

    [Fact]
    public void A_missing_plan_file_is_reported_by_path()
    {
        var path = Path.Combine(_directory, "nope.json");

        FluentActions.Invoking(() => PlanLoader.Load(path))
            .Should().Throw<InputException>().WithMessage($"plan file not found: {path}");
    }

    [Fact]
    public void An_unsupported_extension_is_rejected()
    {
        var path = Write("plan.yaml", "tasks: []");

        FluentActions.Invoking(() => PlanLoader.Load(path))
            .Should().Throw<InputException>().WithMessage($"unsupported plan format: {path}*");
    }

    [Fact]
    public void A_dependency_on_an_unknown_task_is_reported_at_the_dependent_task()
    {
        var json = """
            {"tasks": [
              {"id": "T001", "description": "A"},
              {"id": "T002", "description": "B"},
              {"id": "T003", "description": "C"},
              {"id": "T004", "description": "D", "depends_on": ["T001", "T999"]}
            ]}
            """;

        FluentActions.Invoking(() => LoadJson(json))
            .Should().Throw<InputException>().WithMessage("plan.json:5: task T004 depends on unknown task T999");
    }

    [Fact]
    public void A_duplicate_json_task_id_names_its_count_and_both_lines()
    {
        var json = "{\"tasks\": [\n{\"id\": \"a\", \"description\": \"A\"},\n{\"id\": \"a\", \"description\": \"B\"}\n]}";

        FluentActions.Invoking(() => LoadJson(json))
            .Should().Throw<InputException>().WithMessage("plan.json: duplicate task id: a (2 times: lines 2, 3)");
    }

    [Fact]
    public void A_dependency_cycle_is_named_starting_at_its_earliest_task_in_the_plan()
    {
        var json = """
            {"tasks": [
              {"id": "T001", "description": "A"},
              {"id": "T002", "description": "B", "depends_on": ["T001"]},
              {"id": "T003", "description": "C", "depends_on": ["T002", "T005"]},
              {"id": "T004", "description": "D", "depends_on": ["T001"]},
              {"id": "T005", "description": "E", "depends_on": ["T003"]}
            ]}
            """;

        FluentActions.Invoking(() => LoadJson(json))
            .Should().Throw<InputException>().WithMessage("dependency cycle: T003 -> T005 -> T003");
    }

    [Fact]
    public void A_cycle_found_midway_is_still_rotated_to_its_earliest_task()
    {
        var json = """
            {"tasks": [
              {"id": "T001", "description": "A", "depends_on": ["T003"]},
              {"id": "T002", "description": "B", "depends_on": ["T001"]},
              {"id": "T003", "description": "C", "depends_on": ["T002"]}
            ]}
            """;

        FluentActions.Invoking(() => LoadJson(json))
            .Should().Throw<InputException>().WithMessage("dependency cycle: T001 -> T003 -> T002 -> T001");
    }

    [Fact]
    public void A_task_depending_on_itself_is_a_cycle()
    {
        FluentActions.Invoking(() => LoadJson("{\"tasks\": [{\"id\": \"T001\", \"description\": \"A\", \"depends_on\": [\"T001\"]}]}"))
            .Should().Throw<InputException>().WithMessage("dependency cycle: T001 -> T001");
    }

    [Fact]
    public void A_spec_kit_explicit_dependency_on_a_later_task_in_the_same_chain_is_a_cycle()
    {
        var markdown = "## Phase 1: Setup\n- [ ] T001 First after T002\n- [ ] T002 Second\n";

        FluentActions.Invoking(() => PlanLoader.LoadSpecKit(new StringReader(markdown), "tasks.md"))
            .Should().Throw<InputException>().WithMessage("dependency cycle: T001 -> T002 -> T001");
    }
}
