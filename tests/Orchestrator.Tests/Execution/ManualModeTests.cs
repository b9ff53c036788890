namespace Orchestrator.Tests.Execution;

public sealed class ManualModeTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("manual");

    [Fact]
    public void In_manual_mode_I_mark_a_task_done_by_touching_its_done_file()
    {
        _repo.WithTasks(("T1", "unused", []), ("T2", "unused", ["T1"]));
        var completions = Path.Combine(_repo.Repo.Artifacts, "completions");
        using var host = _repo.Start(_repo.Args("--agent=manual"));

        host.WaitForOutput("[manual] T1 is ready: work in ");
        var worktree = _repo.Journal().Last(e => (string)e["task"]! == "T1")["worktree"]!.ToString();
        File.WriteAllText(Path.Combine(worktree, "by-hand.txt"), "written in the IDE\n");
        File.WriteAllText(Path.Combine(completions, "T1.done"), "");
        host.WaitForOutput("[manual] T2 is ready");
        File.WriteAllText(Path.Combine(completions, "T2.done"), "");

        host.WaitForExit().Should().Be(0, host.Output);
        host.Output.Should().Contain($"orchestrator/{_repo.State()["run_id"]}/T1").And.Contain(".md");
        var branch = (string)_repo.Tasks()["T1"]["branch"]!;
        _repo.Repo.Git("show", $"{branch}:by-hand.txt").Should().Be("written in the IDE");
        File.Exists(Path.Combine(completions, "T1.done")).Should().BeFalse("a done file is used up");
    }

    [Fact]
    public void In_manual_mode_ticking_the_checkbox_in_tasks_md_marks_a_task_done()
    {
        var tasksMd = Path.Combine(_repo.Scratch, "tasks.md");
        File.WriteAllText(tasksMd, """
            # Tasks: Manual

            ## Phase 1: Setup

            - [ ] T001 Write the notes in docs/notes.md
            - [ ] T002 Write the guide in docs/guide.md
            """);
        using var host = _repo.Start(["--repo-path", _repo.Repo.RepoPath, "--plan", tasksMd, "--artifacts", _repo.Repo.Artifacts, "--agent=manual"]);

        host.WaitForOutput("[manual] T001 is ready");
        File.WriteAllText(tasksMd, File.ReadAllText(tasksMd).Replace("- [ ] T001", "- [x] T001"));
        host.WaitForOutput("[manual] T002 is ready");
        File.WriteAllText(tasksMd, File.ReadAllText(tasksMd).Replace("- [ ] T002", "- [X] T002"));

        host.WaitForExit().Should().Be(0, host.Output);
        _repo.Tasks().Values.Should().OnlyContain(t => (string)t["status"]! == "completed");
    }

    public void Dispose() => _repo.Dispose();
}
