using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

/// <summary>
/// Plans of more than 1,000 tasks: the state is saved on one line, the plan once in <c>plan.json</c>, Planning's output
/// once (as <c>tasks_data</c>), all redacted; later invocations read them back.
/// </summary>
public sealed class LargePlanTests : IDisposable
{
    private const int TaskCount = 4_000; // Planning's output over 1 MB: read back as text, not as a tree
    private const string Token = "lArGe-plan-s3cret-9876";
    private const string Redacted = "[redacted LARGE_PLAN_API_TOKEN]";
    private readonly TempRepo _repo = new("large-plan");

    [Fact]
    public async Task A_plan_of_4000_tasks_is_saved_once_compact_and_redacted_and_later_invocations_plan_and_report_from_it()
    {
        _repo.Write("README.md", "# r\n").Commit("base");
        var plan = _repo.WriteScratch("plan.json", new JObject
        {
            ["tasks"] = new JArray(Enumerable.Range(0, TaskCount).Select(i => new JObject
            {
                ["id"] = $"T{i:D4}",
                ["description"] = i == 700 ? $"log in with {Token}" : $"task {i} of a large plan",
                ["depends_on"] = i % 3 == 0 ? new JArray() : new JArray($"T{i - 1:D4}"),
                ["files"] = new JArray($"src/f{i}.py"),
            })),
        }.ToString());
        var saved = Path.Combine(_repo.Root, "saved.json");
        var state = Path.Combine(_repo.Artifacts, "phase-state");

        var first = await RunAsync("--plan", plan, "--skip-phases=0,1", "--target=Planning", $"--save-phase-state={saved}");

        first.ExitCode.Should().Be(0, first.ToString());
        var stateText = File.ReadAllText(Path.Combine(state, "state.json"));
        stateText.Should().NotContain("\n", "a large plan's state is written on one line");
        var run = JObject.Parse(stateText);
        run["plan"]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("{\"saved_in\":\"plan.json\"}");
        Tasks(run["tasks_data"]).Should().HaveCount(TaskCount);
        Tasks(JObject.Parse(File.ReadAllText(Path.Combine(state, "plan.json")))).Should().HaveCount(TaskCount);
        Tasks(JObject.Parse(File.ReadAllText(saved))["plan"]).Should().HaveCount(TaskCount, "the --save-phase-state copy holds the plan itself");
        Description(run["tasks_data"], "T0700").Should().Be($"log in with {Redacted}");
        File.ReadAllText(Path.Combine(_repo.Artifacts, "report.html")).Split("<tr data-task=\"T").Should().HaveCount(TaskCount + 1, "a row per task");
        foreach (var file in Directory.GetFiles(_repo.Artifacts, "*", SearchOption.AllDirectories).Append(saved))
        {
            File.ReadAllText(file).Should().NotContain(Token, $"{file} keeps no secret");
        }

        var again = await RunAsync("--only-phase=Planning");

        again.ExitCode.Should().Be(0, again.ToString());
        var planned = JObject.Parse(File.ReadAllText(Path.Combine(state, "state.json")))["tasks_data"];
        Tasks(planned).Should().HaveCount(TaskCount, "the plan was read back from plan.json");
        Description(planned, "T0700").Should().Be($"log in with {Redacted}");
        File.Delete(Path.Combine(_repo.Artifacts, "report.html"));

        var report = await RunAsync("--target=Report");

        report.ExitCode.Should().Be(0, report.ToString());
        var page = File.ReadAllText(Path.Combine(_repo.Artifacts, "report.html"));
        page.Split("<tr data-task=\"T").Should().HaveCount(TaskCount + 1, "the report made again from the saved run has every task");
        page.Should().Contain($"log in with {Redacted}");
    }

    public void Dispose() => _repo.Dispose();

    private static JArray Tasks(JToken? holder) => (JArray)holder!["tasks"]!;

    private static string Description(JToken? holder, string id) => (string)Tasks(holder).Single(t => (string)t["id"]! == id)["description"]!;

    private Task<CliResult> RunAsync(params string[] args) => OrchestratorCli.RunAsync(
        _repo.Root,
        ["--repo-path", _repo.RepoPath, "--artifacts", _repo.Artifacts, .. args],
        environment: new Dictionary<string, string> { ["LARGE_PLAN_API_TOKEN"] = Token });
}
