using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

public sealed class TaskLifecycleTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("life");

    [Fact]
    public void A_timed_out_task_has_its_whole_process_tree_killed_even_a_child_that_ignores_SIGTERM()
    {
        var pidFile = Path.Combine(_repo.Scratch, "stubborn.pid");
        var stubborn = _repo.Script("stubborn.sh", $"trap '' TERM; echo $$ > {pidFile}; exec sleep 600\n");
        var agent = _repo.Script("agent.sh", $"{stubborn} &\nwait\n");
        _repo.WithTasks(("T1", agent, []));

        var result = _repo.Run("--timeout=2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var task = _repo.Tasks()["T1"];
        ((string)task["status"]!).Should().Be("timeout");
        ((string)task["error"]!).Should().Contain("timed out");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        IsAlive(pid).Should().BeFalse($"process {pid} ignored SIGTERM and must have been killed");
    }

    [Fact]
    public void A_flaky_task_is_retried_from_a_clean_worktree_and_completes()
    {
        var marker = Path.Combine(_repo.Scratch, "failed-once");
        var flaky = _repo.Script("flaky.sh", $"""
            if [ -f {marker} ]; then echo ok > out.txt; exit 0; fi
            touch {marker}; echo half-done > junk.txt; echo boom >&2; exit 3
            """);
        _repo.WithTasks(("T1", flaky, []));

        var result = _repo.Run("--retries=2", "--retry-delay=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        var task = _repo.Tasks()["T1"];
        ((string)task["status"]!).Should().Be("completed");
        ((int)task["attempts"]!).Should().Be(2);
        ((int)task["retry_count"]!).Should().Be(1);
        task["attempt_durations_ms"]!.Should().HaveCount(2);
        _repo.Repo.Git("ls-tree", "--name-only", (string)task["branch"]!).Split('\n').Should().Contain("out.txt").And.NotContain("junk.txt");
        File.ReadAllText((string)task["log_path"]!).Should().Contain("boom");
    }

    [Fact]
    public void A_failed_task_blocks_its_dependents_and_independent_tasks_go_on()
    {
        _repo.WithTasks(
            ("T1", "sh -c 'exit 1'", []),
            ("T2", "sh -c 'echo 2 > two.txt'", ["T1"]),
            ("T3", "sh -c 'echo 3 > three.txt'", ["T2"]),
            ("T4", "sh -c 'echo 4 > four.txt'", []));

        var result = _repo.Run("--retries=0");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = _repo.Tasks();
        tasks.ToDictionary(t => t.Key, t => (string)t.Value["status"]!).Should().Equal(new Dictionary<string, string>
        {
            ["T1"] = "failed",
            ["T2"] = "blocked",
            ["T3"] = "blocked",
            ["T4"] = "completed",
        });
        ((string)tasks["T3"]["error"]!).Should().Be("blocked by T1 (failed)");
        _repo.Journal().Where(e => (string)e["task"]! == "T2").Select(e => (string)e["status"]!).Should().Equal("blocked");
        var integration = $"orchestrator/{_repo.State()["run_id"]}/integration";
        _repo.Repo.Git("ls-tree", "--name-only", integration).Split('\n').Should().Contain("four.txt").And.NotContain("two.txt");
    }

    [Fact]
    public void A_plan_without_parallelism_runs_sequentially_in_one_worktree_and_says_so()
    {
        _repo.WithTasks(("T1", "sh -c 'echo 1 > one.txt'", []), ("T2", "sh -c 'cat one.txt > two.txt'", ["T1"]));

        var result = _repo.Run("-c", "4");

        result.ExitCode.Should().Be(0, result.ToString());
        var output = _repo.ExecutionResult()["output_data"]!;
        ((string)output["mode"]!).Should().Be("sequential");
        output["tasks"]!.Select(t => (string)t["worktree"]!).Distinct().Should().ContainSingle();
        var integration = $"orchestrator/{_repo.State()["run_id"]}/integration";
        _repo.Repo.Git("show", $"{integration}:two.txt").Should().Be("1");
    }

    [Fact]
    public void When_worktrees_cannot_be_created_the_tasks_run_one_at_a_time_in_a_clone_and_the_run_says_why()
    {
        _repo.WithTasks(("T1", "sh -c 'echo 1 > one.txt'", []), ("T2", "sh -c 'echo 2 > two.txt'", []));
        File.WriteAllText(Path.Combine(_repo.Repo.RepoPath, ".git", "worktrees"), "not a folder: git cannot add worktrees");

        var result = _repo.Run("-c", "4", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        var output = _repo.ExecutionResult()["output_data"]!;
        ((string)output["mode"]!).Should().Be("sequential");
        ((string)output["fallback_reason"]!).Should().StartWith("git worktrees cannot be created here");
        result.StandardOutput.Should().Contain("git worktrees cannot be created here");
        foreach (var (id, file) in new[] { ("T1", "one.txt"), ("T2", "two.txt") })
        {
            var branch = (string)_repo.Tasks()[id]["branch"]!;
            _repo.Repo.Git("ls-tree", "--name-only", branch).Split('\n').Should().Contain(file).And.HaveCount(2, $"{id} starts from the base");
        }
    }

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var state = File.ReadAllText(stat);
            return state[(state.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _repo.Dispose();
}
