using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Pipeline;

/// <summary>The README's first command: the bundled sample through all six phases, twice.</summary>
public sealed class SampleRunTests : IDisposable
{
    private readonly string _workDir = Directory.CreateTempSubdirectory("orch-sample-").FullName;

    [Fact]
    public void I_can_run_the_bundled_sample_end_to_end_and_again()
    {
        var first = OrchestratorCli.Run(_workDir, [], timeout: TimeSpan.FromMinutes(3));
        first.ExitCode.Should().Be(0, first.ToString());
        first.StandardOutput.Should().Contain("Task").And.Contain("Duration").And.Contain("Merge");

        var state = JObject.Parse(File.ReadAllText(Path.Combine(_workDir, "artifacts/phase-state/state.json")));
        state["phases_executed"]!.Select(p => (string)p["phase"]!).Should().Equal(
            "CONTEXT_GATHERING", "QUORUM_VALIDATION", "TASK_PLANNING", "CONTEXT_FILTERING", "PARALLEL_EXECUTION", "MERGE");
        state["phases_executed"]!.Should().OnlyContain(p => (bool)p["success"]!);
        for (var phase = 0; phase < 6; phase++)
        {
            Directory.GetFiles(Path.Combine(_workDir, "artifacts/phase-state"), $"{phase:00}-*.json").Should().ContainSingle();
        }

        var merge = state["phases_executed"]![5]!["output_data"]!;
        merge["merged"]!.Values<string>().Should().HaveCount(10);
        merge["tests"]!["passed"]!.Value<bool>().Should().BeTrue();
        var execution = state["phases_executed"]![4]!["output_data"]!;
        execution["mode"]!.Value<string>().Should().Be("parallel");

        var repo = (string)state["repo_path"]!;
        var integration = TempRepo.GitIn(repo, "rev-parse", (string)merge["integration_branch"]!);
        integration.Should().Be((string)merge["integration_head"]!);
        TempRepo.GitIn(repo, "log", "--merges", "--format=%s", integration).Split('\n').Where(s => s.StartsWith("Merge T")).Should().HaveCount(10);

        var second = OrchestratorCli.Run(_workDir, [], timeout: TimeSpan.FromMinutes(3));
        second.ExitCode.Should().Be(0, second.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
