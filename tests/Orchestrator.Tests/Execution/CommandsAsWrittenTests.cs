using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Execution;

/// <summary>Commands run as people write them: through the shell, in the worktree, the task reaching them only through ORCH_*.</summary>
public sealed class CommandsAsWrittenTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("commands");

    private string Integration => $"orchestrator/{_repo.State()["run_id"]}/integration";

    [Fact]
    public void A_plan_command_with_and_and_a_pipe_and_a_redirection_produces_its_file()
    {
        WritePlan(new JObject
        {
            ["id"] = "T1",
            ["description"] = "Write the report",
            ["command"] = "mkdir -p out && printf 'b\\na\\n' | sort > out/T1.txt && echo done >&2",
        });

        var result = _repo.Run("--retries=0");

        result.ExitCode.Should().Be(0, result.ToString());
        _repo.Repo.Git("show", $"{Integration}:out/T1.txt").Should().Be("a\nb");
        _repo.Repo.Git("ls-tree", "-r", "--name-only", Integration).Split('\n').Should().NotContain(n => n.Contains("&&"));
    }

    [Fact]
    public void An_agent_command_using_the_task_id_and_run_id_from_the_environment_works()
    {
        WritePlan(new JObject { ["id"] = "T1", ["description"] = "First" }, new JObject { ["id"] = "T2", ["description"] = "Second" });

        var result = _repo.Run("--retries=0", "--agent-command=echo \"$ORCH_RUN_ID\" > \"$ORCH_TASK_ID.txt\"");

        result.ExitCode.Should().Be(0, result.ToString());
        var runId = (string)_repo.State()["run_id"]!;
        _repo.Repo.Git("show", $"{Integration}:T1.txt").Should().Be(runId);
        _repo.Repo.Git("show", $"{Integration}:T2.txt").Should().Be(runId);
    }

    [Fact]
    public void Task_text_with_command_substitutions_backticks_and_quotes_is_never_executed()
    {
        var canary = Path.Combine(_repo.Scratch, "canary");
        var description = $"Fix it $(touch {canary}-dollar) and `touch {canary}-backtick` and \"; touch {canary}-quote; echo \" it's done";
        WritePlan(new JObject { ["id"] = "T1", ["description"] = description, ["acceptance"] = $"$(touch {canary}-acceptance)" });

        var result = _repo.Run("--retries=0", "--agent-command=printf '%s' \"$ORCH_TASK_DESCRIPTION\" > description.txt; cat \"$ORCH_PROMPT_FILE\" > prompt.txt");

        result.ExitCode.Should().Be(0, result.ToString());
        Directory.GetFiles(_repo.Scratch, "canary*").Should().BeEmpty("the task's text is data, never part of a command line");
        _repo.Repo.Git("show", $"{Integration}:description.txt").Should().Be(description);
        _repo.Repo.Git("show", $"{Integration}:prompt.txt").Should().Contain(description);
    }

    [Fact]
    public void A_task_whose_agent_changes_nothing_is_completed_with_no_changes_and_said_so()
    {
        WritePlan(new JObject { ["id"] = "T1", ["description"] = "Nothing to do", ["command"] = "true" },
            new JObject { ["id"] = "T2", ["description"] = "Write", ["command"] = "echo 2 > two.txt" });

        var result = _repo.Run("--retries=0");

        result.ExitCode.Should().Be(0, result.ToString());
        var tasks = _repo.Tasks();
        ((string)tasks["T1"]["status"]!).Should().Be("completed");
        ((bool)tasks["T1"]["no_changes"]!).Should().BeTrue();
        ((bool)tasks["T2"]["no_changes"]!).Should().BeFalse();
        _repo.Journal().Single(e => (string)e["task"]! == "T1" && (string)e["status"]! == "completed")["no_changes"]!.Value<bool>().Should().BeTrue();
        result.Output.Should().Contain("T1: its agent succeeded but changed nothing");
        result.StandardOutput.TrimEnd().Split('\n')[^1].Should().Contain("2 of 2 tasks merged; WARNING no changes: T1;");
    }

    [Fact]
    public void With_require_changes_a_task_whose_agent_changes_nothing_fails()
    {
        WritePlan(new JObject { ["id"] = "T1", ["description"] = "Nothing to do", ["command"] = "true" },
            new JObject { ["id"] = "T2", ["description"] = "After it", ["command"] = "echo 2 > two.txt", ["depends_on"] = new JArray("T1") });

        var result = _repo.Run("--retries=0", "--require-changes");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = _repo.Tasks();
        ((string)tasks["T1"]["status"]!).Should().Be("failed");
        ((string)tasks["T1"]["error"]!).Should().Be("its agent succeeded but changed nothing (--require-changes)");
        ((string)tasks["T2"]["status"]!).Should().Be("blocked");
        ((bool)_repo.State()["settings"]!["require_changes"]!).Should().BeTrue();
    }

    [Fact]
    public void A_failing_check_fails_its_task_with_its_output_tail_and_blocks_its_dependents()
    {
        WritePlan(
            new JObject
            {
                ["id"] = "T1",
                ["description"] = "Write a broken module",
                ["command"] = "echo broken > module.txt",
                ["check"] = "echo checking $ORCH_TASK_ID; grep -q fixed module.txt || { echo 'module.txt is not fixed' >&2; exit 4; }",
            },
            new JObject { ["id"] = "T2", ["description"] = "Use it", ["command"] = "echo 2 > two.txt", ["depends_on"] = new JArray("T1") },
            new JObject { ["id"] = "T3", ["description"] = "Independent", ["command"] = "echo 3 > three.txt", ["check"] = "test -f three.txt" });

        var result = _repo.Run("--retries=0");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = _repo.Tasks();
        ((string)tasks["T1"]["status"]!).Should().Be("failed");
        ((string)tasks["T1"]["error"]!).Should().Contain("failed (exit 4)").And.Contain("checking T1").And.Contain("module.txt is not fixed");
        ((string)tasks["T2"]["status"]!).Should().Be("blocked");
        ((string)tasks["T2"]["error"]!).Should().Be("blocked by T1 (failed)");
        ((string)tasks["T3"]["status"]!).Should().Be("completed");
        File.ReadAllText((string)tasks["T1"]["log_path"]!).Should().Contain("module.txt is not fixed");
        result.Output.Should().Contain("module.txt is not fixed");
    }

    [Fact]
    public void The_task_check_command_runs_for_every_task_after_its_agent()
    {
        WritePlan(new JObject { ["id"] = "T1", ["description"] = "Good", ["command"] = "echo ok > T1.txt" },
            new JObject { ["id"] = "T2", ["description"] = "Forgets its file", ["command"] = "echo ok > other.txt" });

        var result = _repo.Run("--retries=0", "--task-check-command=test -f \"$ORCH_TASK_ID.txt\"");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = _repo.Tasks();
        ((string)tasks["T1"]["status"]!).Should().Be("completed");
        ((string)tasks["T2"]["status"]!).Should().Be("failed");
        ((string)tasks["T2"]["error"]!).Should().StartWith("check 'test -f \"$ORCH_TASK_ID.txt\"' failed (exit 1)");
    }

    [Fact]
    public void A_deferred_task_is_not_run_and_a_task_depending_on_it_is_blocked_by_it()
    {
        var plan = Path.Combine(_repo.Repo.Root, "tasks.md");
        File.WriteAllText(plan, """
            ## Phase 1: Setup

            - [ ] T001 [P] Write one.txt
            - [ ] T002 [P] [DEFERRED] Write two.txt (future iteration)
            - [ ] T003 [P] Write three.txt, after T002
            - [ ] T004 [P] Write four.txt
            """);

        var result = Orchestrator.Tests.Support.OrchestratorCli.Run(_repo.Repo.Root,
            ["--repo-path", _repo.Repo.RepoPath, "--plan", plan, "--artifacts", _repo.Repo.Artifacts, "--retries=0",
             "--agent-command=echo $ORCH_TASK_ID > $ORCH_TASK_ID.txt"]);

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = _repo.Tasks();
        tasks.ToDictionary(t => t.Key, t => (string)t.Value["status"]!).Should().Equal(new Dictionary<string, string>
        {
            ["T001"] = "completed",
            ["T002"] = "deferred",
            ["T003"] = "blocked",
            ["T004"] = "completed",
        });
        ((string)tasks["T003"]["error"]!).Should().Be("blocked by T002 (deferred)");
        var planned = JObject.Parse(File.ReadAllText(Path.Combine(_repo.StateDirectory, "02-Planning.json")));
        planned["output_data"]!["tasks"]!.Single(t => (string)t["id"]! == "T002")["status"]!.Value<string>().Should().Be("deferred");
        result.StandardOutput.TrimEnd().Split('\n')[^1].Should().Contain("2 of 3 tasks merged; blocked: T003; deferred: T002;");
    }

    private void WritePlan(params JObject[] tasks) =>
        File.WriteAllText(_repo.PlanPath, new JObject { ["tasks"] = new JArray(tasks.Cast<object>().ToArray()) }.ToString(Formatting.Indented));

    public void Dispose() => _repo.Dispose();
}
