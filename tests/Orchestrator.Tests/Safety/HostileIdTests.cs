using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Safety;

/// <summary>Finding 1: task ids are short identifiers; anything else is refused at load, before anything is created.</summary>
public sealed class HostileIdTests : IDisposable
{
    private readonly SafetyCase _case = new();

    [Theory]
    [InlineData("../../../victim", "id")]
    [InlineData("/tmp/absolute-task", "id")]
    [InlineData("T1\nT2 failed: injected", "id")]
    [InlineData("T\u0000", "id")]
    [InlineData(".hidden", "id")]
    [InlineData("a-very-long-id-0123456789012345678901234567890123456789012345678901234567890", "id")]
    [InlineData("../../../victim", "depends_on")]
    [InlineData("refs/heads/main", "depends_on")]
    public void A_hostile_task_id_is_refused_naming_it_and_nothing_is_touched(string id, string field)
    {
        var victim = Path.Combine(_case.Repo.Root, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "precious");
        var task = field == "id"
            ? new JObject { ["id"] = id, ["description"] = "x", ["command"] = "true" }
            : new JObject { ["id"] = "T1", ["description"] = "x", ["command"] = "true", ["depends_on"] = new JArray(id) };
        _case.WithPlan(task);

        var result = _case.Run();

        result.ExitCode.Should().Be(2, result.ToString());
        var line = result.StandardError.Trim();
        line.Should().StartWith($"error: {_case.PlanPath}:").And.Contain("is not a short identifier").And.NotContain("\n");
        line.Should().Contain(TaskIdEscaped(id));
        Directory.Exists(_case.Repo.Artifacts).Should().BeFalse("nothing is created for a refused plan");
        File.ReadAllText(Path.Combine(victim, "precious.txt")).Should().Be("precious");
        _case.AssertContained(result);
    }

    [Theory]
    [InlineData("T014a")]
    [InlineData("V1")]
    [InlineData("TASK-7")]
    [InlineData("I-1.2")]
    [InlineData("AUTH_3")]
    [InlineData("1")]
    public void Ordinary_ids_stay_valid(string id)
    {
        _case.WithPlan(new JObject { ["id"] = id, ["description"] = "x", ["command"] = "sh -c 'echo ok > ok.txt'" });

        var result = _case.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        _case.Status(id).Should().Be("completed");
        _case.AssertContained(result);
    }

    private static string TaskIdEscaped(string id) => Orchestrator.Plans.TaskId.Printable(id)[..Math.Min(20, Orchestrator.Plans.TaskId.Printable(id).Length)];

    public void Dispose() => _case.Dispose();
}
