using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

/// <summary>One plan snapshot per run: Planning gives the same output whether the phases run in one go or one at a time.</summary>
public sealed class PlanSnapshotTests : IDisposable
{
    private readonly TempRepo _repo = new("snapshot");
    private readonly string _plan;

    public PlanSnapshotTests()
    {
        _repo.Write("README.md", "# snapshot\n").Commit("base");
        // T1 and T2 may run at the same time and both touch shared.txt: the quorum's race remedy makes T2 wait for T1.
        _plan = _repo.WriteScratch("plan.json", """
            {
              "tasks": [
                { "id": "T1", "description": "Add the header to shared.txt", "files": ["shared.txt"], "parallel": true, "command": "sh -c 'echo one >> shared.txt'" },
                { "id": "T2", "description": "Add the footer to shared.txt", "files": ["shared.txt"], "parallel": true, "command": "sh -c 'echo two >> shared.txt'" },
                { "id": "T3", "description": "Write the notes in notes.txt", "files": ["notes.txt"], "depends_on": ["T1"], "command": "sh -c 'echo notes > notes.txt'" }
              ]
            }
            """);
    }

    [Fact]
    public void Planning_alone_after_the_quorum_gives_what_a_full_run_gives_race_remedy_included()
    {
        var full = Artifacts("full");
        Run("--repo-path", _repo.RepoPath, "--plan", _plan, "--artifacts", full, "--target=Planning").ExitCode.Should().Be(0);
        var stepwise = Artifacts("stepwise");
        Run("--repo-path", _repo.RepoPath, "--plan", _plan, "--artifacts", stepwise, "--stop-after-phase=1").ExitCode.Should().Be(0);

        var result = Run("--only-phase=2", "--artifacts", stepwise);

        result.ExitCode.Should().Be(0, result.ToString());
        var expected = Planning(full);
        expected["tasks"]!.Single(t => (string)t["id"]! == "T2")["depends_on"]!.Values<string>().Should().Contain("T1", "the race remedy is in the plan");
        JToken.DeepEquals(Planning(stepwise), expected).Should().BeTrue($"{Planning(stepwise)}\nshould equal\n{expected}");
        result.StandardOutput.Should().NotContain("Quorum decision", "phase 1 is not run again");
    }

    [Fact]
    public void A_saved_state_file_carries_the_run_into_a_fresh_artifacts_folder()
    {
        var saved = Path.Combine(_repo.Root, "saved-state.json");
        Run("--repo-path", _repo.RepoPath, "--plan", _plan, "--artifacts", Artifacts("first"), "--stop-after-phase=1", $"--save-phase-state={saved}")
            .ExitCode.Should().Be(0);
        var fresh = Artifacts("fresh");

        var result = Run($"--load-phase-state={saved}", "--only-phase=2", "--artifacts", fresh);

        result.ExitCode.Should().Be(0, result.ToString());
        Planning(fresh)["tasks"]!.Single(t => (string)t["id"]! == "T2")["depends_on"]!.Values<string>().Should().Contain("T1");
        var state = JObject.Parse(File.ReadAllText(Path.Combine(fresh, "phase-state", "state.json")));
        state["run_id"]!.Value<string>().Should().Be(JObject.Parse(File.ReadAllText(saved))["run_id"]!.Value<string>());
        File.Exists(Path.Combine(fresh, "phase-state", "01-QuorumValidation.json")).Should().BeTrue("the loaded phases' files are written too");
    }

    [Fact]
    public void A_saved_state_file_and_a_later_target_do_not_run_the_saved_phases_again()
    {
        var saved = Path.Combine(_repo.Root, "saved-state.json");
        Run("--repo-path", _repo.RepoPath, "--plan", _plan, "--artifacts", Artifacts("first"), "--stop-after-phase=1", $"--save-phase-state={saved}")
            .ExitCode.Should().Be(0);

        var result = Run($"--load-phase-state={saved}", "--target=Planning", "--artifacts", Artifacts("later"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().NotContain("Quorum decision").And.NotContain("Indexed ").And.Contain("Planned 3 tasks");
    }

    private static JToken Planning(string artifacts) =>
        JObject.Parse(File.ReadAllText(Path.Combine(artifacts, "phase-state", "02-Planning.json")))["output_data"]!;

    private string Artifacts(string name) => Path.Combine(_repo.Root, name);

    private CliResult Run(params string[] args) => OrchestratorCli.Run(_repo.Root, args);

    public void Dispose() => _repo.Dispose();
}
