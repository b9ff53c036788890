using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

/// <summary>Worktrees made ready to build in: <c>--setup-command</c>, <c>--copy-ignored</c> and <c>.orchestrator/config.json</c>.</summary>
public sealed class WorktreeSetupTests : IDisposable
{
    // Each task's agent fails unless the set-up ran and the ignored .env arrived before it started.
    private const string NeedsSetUp = """test -f setup.out && grep -q abc123 .env && echo done > "$ORCH_TASK_ID.txt" """;

    private readonly ExecutionRepo _repo = new("setup");

    [Fact]
    public void Each_worktree_gets_the_setup_commands_output_and_the_ignored_env_file_before_its_agent_and_never_commits_them()
    {
        _repo.Repo.Write(".gitignore", ".env\nsetup.out\n")
            .Write(".orchestrator/config.json", """{"setup_command": "exit 9", "copy_ignored": [".env"]}""").Commit("ignore .env");
        _repo.Repo.Write(".env", "TOKEN=abc123\n");
        _repo.WithTasks(("T1", NeedsSetUp, []), ("T2", NeedsSetUp, []), ("T3", NeedsSetUp, []));

        var result = _repo.Run("--setup-command", "echo set up > setup.out", "--retries=0");

        result.ExitCode.Should().Be(0, result.ToString());
        foreach (var (id, task) in _repo.Tasks())
        {
            ((string)task["status"]!).Should().Be("completed", result.ToString());
            var committed = _repo.Repo.Git("show", "--name-only", "--format=", (string)task["commit"]!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            committed.Should().Equal($"{id}.txt");
            File.ReadAllText((string)task["log_path"]!).Should().Contain("run sh -c 'echo set up > setup.out'");
        }

        _repo.Repo.Git("log", "--all", "--format=%H", "--", ".env", "setup.out").Should().BeEmpty("no branch ever committed them");
    }

    [Fact]
    public void A_failing_setup_command_fails_its_task_with_a_clear_line()
    {
        _repo.WithTasks(("T1", "echo done > T1.txt", []));

        var result = _repo.Run("--setup-command", "echo no database >&2; exit 3", "--retries=0", "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var task = _repo.Tasks()["T1"];
        ((string)task["status"]!).Should().Be("failed");
        ((string)task["error"]!).Should().Be("setup command 'echo no database >&2; exit 3' failed (exit 3): no database");
    }

    [Fact]
    public void A_config_file_that_is_not_json_is_refused_naming_its_line()
    {
        _repo.Repo.Write(".orchestrator/config.json", "{\n  \"setup_command\": \"make\"\n  \"copy_ignored\": [\".env\"]\n}\n");
        _repo.WithTasks(("T1", "true", []));

        var result = _repo.Run();

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(".orchestrator/config.json:3: After parsing a value an unexpected character was encountered");
        Directory.Exists(_repo.Repo.Artifacts).Should().BeFalse("nothing is created");
    }

    public void Dispose() => _repo.Dispose();
}
