using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Execution;

public sealed class ResumeTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("resume");

    [Fact]
    public void I_can_resume_a_run_after_it_was_killed_again_and_again()
    {
        var work = "sh -c 'sleep 0.3; echo $ORCH_TASK_ID > $ORCH_TASK_ID.txt; sleep 0.2'";
        _repo.WithTasks(
            ("T1", work, []), ("T2", work, []), ("T3", work, []), ("T4", work, []),
            ("T5", work, ["T1", "T2"]), ("T6", work, ["T3"]), ("T7", work, ["T5", "T6"]), ("T8", work, ["T4"]));
        var random = new Random(20261121);
        var kills = 0;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var entriesBefore = File.Exists(JournalPath) ? File.ReadAllLines(JournalPath).Length : 0;
            using var host = _repo.Start(attempt == 0 ? _repo.Args("-c", "3") : _repo.ResumeArgs());
            if (!_repo.TryWaitForJournal(entriesBefore + random.Next(1, 5), host.Process))
            {
                break;
            }

            Thread.Sleep(random.Next(0, 300));
            host.Process.Kill();
            host.Process.WaitForExit();
            kills++;
        }

        kills.Should().BeGreaterThanOrEqualTo(2, "the run must really have been killed mid-way");

        var result = _repo.Resume();

        result.ExitCode.Should().Be(0, result.ToString());
        var tasks = _repo.Tasks();
        tasks.Values.Should().OnlyContain(t => (string)t["status"]! == "completed");
        foreach (var (id, task) in tasks)
        {
            _repo.Repo.Git("rev-list", "--count", $"{task["base_commit"]}..{task["branch"]}").Should().Be("1", $"{id} has one commit");
            _repo.Repo.Git("show", $"{task["branch"]}:{id}.txt").Should().Be(id);
        }

        _repo.Journal().Where(e => (string)e["status"]! == "completed").GroupBy(e => (string)e["task"]!).ToDictionary(g => g.Key, g => g.Count())
            .Should().HaveCount(8).And.OnlyContain(completions => completions.Value == 1, "no task is completed twice");
        _repo.Repo.Git("worktree", "list", "--porcelain").Should().NotContain("locked").And.NotContain("prunable");
        _repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle("every merged task's worktree is removed");
        Directory.GetFiles(Path.Combine(_repo.Repo.RepoPath, ".git"), "*.lock", SearchOption.AllDirectories)
            .Should().OnlyContain(f => Path.GetFileName(f) == "orchestrator.lock");
        var integration = $"orchestrator/{_repo.State()["run_id"]}/integration";
        _repo.Repo.Git("ls-tree", "--name-only", integration).Split('\n').Should().Contain(tasks.Keys.Select(id => $"{id}.txt"));
    }

    [Fact]
    public void A_run_killed_the_moment_a_task_completed_resumes_without_losing_or_redoing_it()
    {
        // The completed entry is written before the task hands its slot back; its flush goes on beside the next task,
        // which is where this kill lands, and its worktree waits to be the next task's.
        _repo.WithTasks(
            ("A", "sh -c 'echo a > a.txt'", []), ("B", "sh -c 'sleep 0.5; echo b > b.txt'", ["A"]), ("S", "sh -c 'sleep 2; echo s > s.txt'", []));
        using (var host = _repo.Start(_repo.Args("-c", "2")))
        {
            _repo.WaitForJournal(e => (string)e["task"]! == "A" && (string)e["status"]! == "completed", host: host.Process);
            host.Process.Kill();
            host.Process.WaitForExit();
        }

        var result = _repo.Resume();

        result.ExitCode.Should().Be(0, result.ToString());
        _repo.Tasks().Values.Should().OnlyContain(t => (string)t["status"]! == "completed");
        _repo.Journal().Count(e => (string)e["task"]! == "A" && (string)e["status"]! == "running").Should().Be(1, "A is not run again");
        _repo.Repo.Git("show", $"{_repo.Tasks()["B"]["branch"]}:a.txt").Should().Be("a", "B builds on A's recorded commit");
        _repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle("A's worktree, left by the kill, is removed too");
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void I_can_stop_a_run_with_ctrl_c_or_sigterm_and_resume_it(string signal)
    {
        var release = Path.Combine(_repo.Scratch, "release");
        var waits = _repo.Script("wait.sh", $"while [ ! -f {release} ]; do sleep 0.1; done\necho done > slow.txt\n");
        _repo.WithTasks(("T1", waits, []), ("T2", "sh -c 'echo 2 > two.txt'", []), ("T3", "sh -c 'echo 3 > three.txt'", ["T1"]));
        using (var host = _repo.Start(_repo.Args()))
        {
            _repo.WaitForJournal(e => (string)e["task"]! == "T1" && (string)e["status"]! == "running", host: host.Process);
            _repo.WaitForJournal(e => (string)e["task"]! == "T2" && (string)e["status"]! == "completed", host: host.Process);
            ExecutionRepo.Signal(host.Process, signal);

            host.WaitForExit().Should().Be(130, host.Output);
            host.Output.Should().Contain("run again with --resume", "the message says how to go on");
            host.Output.Should().MatchRegex(@"Run \S+ stopped", "the closing line says the run was stopped");
        }

        var cancelled = _repo.Tasks();
        ((string)cancelled["T1"]["status"]!).Should().Be("cancelled");
        ((string)cancelled["T2"]["status"]!).Should().Be("completed");
        ((string)cancelled["T3"]["status"]!).Should().BeOneOf("cancelled", "blocked");
        File.WriteAllText(release, "");

        var result = _repo.Resume();

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("1 tasks already completed");
        _repo.Tasks().Values.Should().OnlyContain(t => (string)t["status"]! == "completed");
        _repo.Journal().Count(e => (string)e["task"]! == "T2" && (string)e["status"]! == "running").Should().Be(1, "T2 is not run again");
        _repo.State()["phases_executed"]!.Take(4).Should().OnlyContain(p => !(bool)p["skipped"]!, "phases 0-3 are carried over as saved");
    }

    [Fact]
    public void Resuming_with_nothing_saved_says_so()
    {
        var result = _repo.Resume();

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("--resume: no saved run");
    }

    private string JournalPath => Path.Combine(_repo.StateDirectory, "journal.jsonl");

    public void Dispose() => _repo.Dispose();
}
