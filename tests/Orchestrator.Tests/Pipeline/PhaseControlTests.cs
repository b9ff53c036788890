using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Pipeline;

public sealed class PhaseControlTests : IDisposable
{
    private readonly SmallPlan _plan = new();

    [Fact]
    public void I_can_run_up_to_a_target_and_nothing_after_it()
    {
        var result = _plan.Run("--target=Planning");

        result.ExitCode.Should().Be(0, result.ToString());
        _plan.PhaseFiles().Should().Equal("00-ContextGathering.json", "01-QuorumValidation.json", "02-Planning.json");
        var planning = _plan.PhaseFile(2);
        planning["phase"]!.Value<string>().Should().Be("TASK_PLANNING");
        planning["output_data"]!["batches"]!.ToObject<string[][]>().Should().BeEquivalentTo(new[] { new[] { "T1", "T2" }, new[] { "T3" } });
        planning["output_data"]!["critical_path"]!.Values<string>().Should().HaveCount(2).And.EndWith("T3");
        _plan.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle("no phase after Planning ran");
    }

    [Fact]
    public void I_can_stop_after_a_phase_by_number()
    {
        var result = _plan.Run("--stop-after-phase=1");

        result.ExitCode.Should().Be(0, result.ToString());
        _plan.PhaseFiles().Should().Equal("00-ContextGathering.json", "01-QuorumValidation.json");
        _plan.State()["quorum_result"]!["decision"]!.Value<string>().Should().Be("pass");
    }

    [Fact]
    public void I_can_run_one_phase_on_the_state_an_earlier_run_saved()
    {
        _plan.Run("--stop-after-phase=2").ExitCode.Should().Be(0);
        var runId = _plan.State()["run_id"]!.Value<string>();

        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--only-phase=ContextFiltering"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().NotContain("ContextGathering", "exclusive mode runs the phase alone");
        _plan.State()["run_id"]!.Value<string>().Should().Be(runId);
        _plan.PhaseFile(3)["output_data"]!["prompts"]!.Should().HaveCount(3);
    }

    [Fact]
    public void Running_a_phase_whose_input_is_missing_names_the_phase_to_run_first()
    {
        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--only-phase=4"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().Contain("phase 2 (Planning)").And.NotContain(" at ");
    }

    [Fact]
    public void Skipped_phases_are_recorded_and_the_run_goes_on_without_them()
    {
        var result = _plan.Run("--skip-phases=0,QuorumValidation", "--target=Planning");

        result.ExitCode.Should().Be(0, result.ToString());
        var phases = _plan.State()["phases_executed"]!;
        phases.Select(p => ((string)p["phase"]!, (bool)p["skipped"]!)).Should().Equal(
            ("CONTEXT_GATHERING", true), ("QUORUM_VALIDATION", true), ("TASK_PLANNING", false));
        _plan.PhaseFile(0)["skipped"]!.Value<bool>().Should().BeTrue();
    }

    [Fact]
    public void Skipping_planning_with_no_plan_available_fails_clearly()
    {
        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--skip-phases=0,1,2"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("phase 2 (Planning)");
    }

    [Fact]
    public void I_can_save_the_state_to_a_file_and_start_a_later_run_from_it()
    {
        var saved = Path.Combine(_plan.Repo.Root, "saved.json");
        _plan.Run("--stop-after-phase=3", $"--save-phase-state={saved}").ExitCode.Should().Be(0);
        Directory.Delete(_plan.StateDirectory, recursive: true);

        var result = OrchestratorCli.Run(
            _plan.Repo.Root, _plan.ArgsWithoutPlan($"--load-phase-state={saved}", "--skip-phases=0,1,2,3", "--json"));

        result.ExitCode.Should().Be(0, result.ToString());
        var summary = JObject.Parse(result.StandardOutput);
        summary["success"]!.Value<bool>().Should().BeTrue();
        summary["tasks"]!.Select(t => ((string)t["id"]!, (string)t["status"]!)).Should().Equal(("T1", "merged"), ("T2", "merged"), ("T3", "merged"));
        summary["timing_summary"]!["phases"]!.Should().HaveCount(6);
        summary["phases"]!.Take(4).Should().OnlyContain(p => (bool)p["skipped"]!);
    }

    [Fact]
    public void With_json_the_result_alone_is_on_stdout()
    {
        var result = _plan.Run("--json");

        result.ExitCode.Should().Be(0, result.ToString());
        var summary = JObject.Parse(result.StandardOutput);
        summary["tasks"]!.Should().HaveCount(3);
        summary["tasks"]!.Should().OnlyContain(t => ((string)t["branch"]!).StartsWith("orchestrator/"));
        result.StandardError.Should().Contain("Merged 3 tasks");
    }

    [Fact]
    public void A_dependent_task_starts_from_the_work_of_its_dependencies()
    {
        var result = _plan.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        var branch = _plan.State()["phases_executed"]![4]!["output_data"]!["tasks"]![2]!["branch"]!.Value<string>()!;
        _plan.Repo.Git("show", $"{branch}:c.txt").Should().Be("alpha\nbeta");
    }

    public void Dispose() => _plan.Dispose();
}
