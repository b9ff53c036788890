using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Quorum;

public sealed class QuorumRunTests : IDisposable
{
    private readonly TempRepo _repo = new("quorum");

    public QuorumRunTests()
    {
        _repo.Write("src/app.py", "def main():\n    pass\n").Write("src/config.py", "DEBUG = False\n");
        _repo.Commit("base");
    }

    [Fact]
    public void A_race_between_two_parallel_tasks_is_remedied_and_the_plan_passes_on_retry()
    {
        var plan = TasksMd("""
            ## Phase 1: Core

            - [ ] T001 [P] Add a --verbose flag to the command line in src/app.py
            - [ ] T002 [P] Add a --quiet flag to the command line in src/app.py
            - [ ] T003 [P] Read the log level from the environment in src/config.py
            """);

        var result = Run(plan, "--target=Planning");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Quorum decision: RETRY (confidence: ")
            .And.Contain("T001 and T002 may run at the same time and both touch src/app.py")
            .And.Contain("Retry attempt 1/3")
            .And.Contain("Quorum decision: PASS (confidence: ");
        result.Output.IndexOf("Retry attempt 1/3", StringComparison.Ordinal)
            .Should().BeLessThan(result.Output.IndexOf("Quorum decision: PASS", StringComparison.Ordinal));
        var quorum = State()["quorum_result"]!;
        quorum["decision"]!.Value<string>().Should().Be("pass");
        quorum["attempts"]!.Select(a => a["decision"]!.Value<string>()).Should().Equal("retry", "pass");
        var remedy = quorum["remedies_applied"]!.Should().ContainSingle().Subject;
        ((string)remedy["task"]!, (string)remedy["depends_on"]!).Should().Be(("T002", "T001"));
        ((string)remedy["reason"]!).Should().Contain("src/app.py");
        quorum["votes"]!.Select(v => v["validator"]!.Value<string>()).Should().Equal("structure", "races", "scope", "task-quality");
        PhaseFile(1)["retry_count"]!.Value<int>().Should().Be(1);
        var planned = PhaseFile(2)["output_data"]!["tasks"]!.First(t => t["id"]!.Value<string>() == "T002");
        planned["depends_on"]!.Values<string>().Should().Equal("T001");
        PhaseFile(2)["output_data"]!["batches"]!.ToObject<string[][]>().Should().BeEquivalentTo(new[] { new[] { "T001", "T003" }, new[] { "T002" } });
    }

    [Fact]
    public void With_no_retries_left_a_retry_is_a_warning_and_the_run_goes_on_unchanged()
    {
        var plan = TasksMd("## Phase 1: Core\n\n- [ ] T001 [P] Add a --verbose flag in src/app.py\n- [ ] T002 [P] Add a --quiet flag in src/app.py\n");

        var result = Run(plan, "--target=Planning", "--quorum-retries=0");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Quorum decision: RETRY").And.Contain("still says RETRY after 0 retries").And.NotContain("Retry attempt");
        State()["quorum_result"]!["remedies_applied"]!.Should().BeEmpty();
        PhaseFile(2)["output_data"]!["tasks"]!.Should().OnlyContain(t => !t["depends_on"]!.Any());
    }

    [Fact]
    public void A_blocking_structural_failure_stops_the_run_with_exit_1_and_the_deficiencies_printed()
    {
        var plan = TasksMd("""
            ## Phase 1: Setup

            - [ ] T001 Create the settings module in src/settings.py

            ## Phase 2: User Story 1 - Verbose output

            - [X] T002 [US1] Add a --verbose flag to the command line in src/app.py
            - [ ] T003 [US1] Print the settings when verbose in src/app.py (depends on T004)

            ## Phase 3: User Story 2 - Quiet output

            - [ ] T004 [US2] Add a --quiet flag to the settings in src/config.py
            """);

        var result = Run(plan, "--agent-command=true");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Output.Should().Contain("Quorum decision: FAIL")
            .And.Contain("T002 is marked done but depends on unfinished T001")
            .And.Contain("T003 (phase 2) depends on T004 of the later phase 3");
        File.Exists(Path.Combine(_repo.Artifacts, "phase-state", "02-Planning.json")).Should().BeFalse("the run stopped at QuorumValidation");
        State()["quorum_result"]!["decision"]!.Value<string>().Should().Be("fail");
    }

    [Fact]
    public void An_agent_reviewer_reads_the_plan_and_its_json_verdict_is_counted()
    {
        var reviewer = _repo.WriteScratch("reviewer.sh", """
            grep -q 'T001' "$ORCH_PROMPT_FILE" || exit 3
            echo 'I read the plan. Verdict follows.'
            echo '{"verdict": "retry", "confidence": 0.9, "deficiencies": ["T001 has no acceptance criteria"]}'
            """);
        var plan = TasksMd("## Phase 1: Core\n\n- [ ] T001 Add a --verbose flag to the command line in src/app.py\n");

        var result = Run(plan, "--target=QuorumValidation", "--quorum-agents=command", $"--agent-command=sh {reviewer}");

        result.ExitCode.Should().Be(0, result.ToString());
        var votes = State()["quorum_result"]!["votes"]!;
        var vote = votes.Single(v => v["validator"]!.Value<string>() == "agent:command");
        vote["verdict"]!.Value<string>().Should().Be("retry");
        vote["confidence"]!.Value<double>().Should().Be(0.9);
        vote["deficiencies"]!.Values<string>().Should().Equal("T001 has no acceptance criteria");
        result.Output.Should().Contain("[agent:command] T001 has no acceptance criteria");
    }

    [Fact]
    public void An_agent_reviewer_without_a_readable_verdict_abstains_and_the_run_goes_on()
    {
        var reviewer = _repo.WriteScratch("mumbler.sh", "echo 'Looks mostly fine to me, I think.'\n");
        var plan = TasksMd("## Phase 1: Core\n\n- [ ] T001 Add a --verbose flag to the command line in src/app.py\n");

        var result = Run(plan, "--target=QuorumValidation", "--quorum-agents=command", $"--agent-command=sh {reviewer}");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("Quorum reviewer command answered no readable JSON verdict; its vote is not counted");
        State()["quorum_result"]!["votes"]!.Single(v => v["validator"]!.Value<string>() == "agent:command")["verdict"]!.Value<string>()
            .Should().Be("abstain");
    }

    [Theory]
    [InlineData("--quorum-retries=many", "--quorum-retries")]
    [InlineData("--context-budget=0", "--context-budget")]
    [InlineData("--quorum-agents=gemini-but-unknown", "--quorum-agents")]
    public void A_bad_quorum_or_budget_flag_exits_2_naming_it(string flag, string named)
    {
        var plan = TasksMd("## Phase 1: Core\n\n- [ ] T001 Add a --verbose flag to the command line in src/app.py\n");

        var result = Run(plan, flag);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain(named);
    }

    private string TasksMd(string body) => _repo.WriteScratch("tasks.md", "# Tasks\n\n" + body);

    private CliResult Run(string plan, params string[] extra) =>
        OrchestratorCli.Run(_repo.Root, ["--repo-path", _repo.RepoPath, "--plan", plan, "--artifacts", _repo.Artifacts, .. extra]);

    private JObject State() => JObject.Parse(File.ReadAllText(Path.Combine(_repo.Artifacts, "phase-state", "state.json")));

    private JObject PhaseFile(int number) =>
        JObject.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(_repo.Artifacts, "phase-state"), $"{number:00}-*.json").Single()));

    public void Dispose() => _repo.Dispose();
}
