using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Safety;

/// <summary>Findings 2, 4 and 5: agents that tamper with git outside their own branch fail, and what they changed is put back.</summary>
public sealed class GitTamperingTests : IDisposable
{
    private readonly SafetyCase _case = new();

    [Fact]
    public void An_agent_that_deletes_its_worktrees_git_file_fails_and_nothing_is_committed_elsewhere()
    {
        // The artifacts folder inside another repository: git searching upwards from the worktree would land there.
        TempRepo.GitIn(_case.Repo.Root, "init", "--quiet", "--initial-branch=outer");
        _case.WithPlan(_case.InnocentTask("I", 0.1), _case.FaultTask("F", "delete-git", "I"));

        var result = _case.Run();

        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain("its worktree's .git is missing");
        _case.Status("I").Should().Be("completed");
        TempRepo.GitIn(_case.Repo.Root, "rev-list", "--all").Should().BeEmpty("nothing was committed in the repository around the artifacts");
        TempRepo.GitIn(_case.Repo.Root, "ls-files").Should().BeEmpty("nothing was staged there either");
        _case.AssertContained(result);
    }

    [Theory]
    [InlineData("plant-hookspath")]
    [InlineData("plant-hook-file")]
    public void A_planted_hook_never_runs_and_the_repository_is_put_back(string fault)
    {
        _case.WithPlan(_case.InnocentTask("I", 0.1), _case.FaultTask("F", fault, "I"));

        var result = _case.Run();

        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain("changed outside its worktree").And.Contain(fault == "plant-hookspath" ? ".git/config" : ".git/hooks/post-commit");
        _case.Status("I").Should().Be("completed");
        File.Exists(Path.Combine(_case.Outside, "hook-ran")).Should().BeFalse("no hook of the repository runs in the orchestrator's own commands");
        Directory.GetFiles(Path.Combine(_case.Repo.Artifacts, "quarantine"), "*", SearchOption.AllDirectories).Should().NotBeEmpty();
        _case.AssertContained(result);
    }

    [Theory]
    [InlineData("delete-main", "ref refs/heads/main deleted")]
    [InlineData("reset-hard", "ref refs/heads/main moved")]
    public void An_agent_that_moves_the_users_branch_fails_alone_and_the_branch_is_restored(string fault, string reported)
    {
        _case.WithPlan(_case.InnocentTask("I", 0.1), _case.FaultTask("F", fault, "I"));

        var result = _case.Run();

        result.ExitCode.Should().Be(1, result.ToString());
        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain(reported).And.Contain("refs/heads/main restored");
        _case.Status("I").Should().Be("completed");
        _case.AssertContained(result, "README.md", "src/app.txt");
    }

    [Fact]
    public void A_concurrent_innocent_task_is_never_failed_for_another_agents_change_to_the_users_branch()
    {
        _case.WithPlan(_case.FaultTask("F", "delete-main"), _case.InnocentTask("I", 1.0));

        var result = _case.Run("--max-concurrent=2");

        _case.Status("I").Should().Be("completed", result.ToString());
        var attributed = _case.Status("F") == "failed" && _case.Error("F").Contains("ref refs/heads/main deleted", StringComparison.Ordinal);
        var saidSo = result.Output.Contains("cannot tell which", StringComparison.Ordinal) && result.Output.Contains("refs/heads/main", StringComparison.Ordinal);
        (attributed || saidSo).Should().BeTrue("the change is pinned on the task that made it, or the run says it cannot tell:\n" + result);
        _case.AssertContained(result);
    }

    [Theory]
    [InlineData("checkout-b")]
    public void An_agent_that_switches_its_worktree_to_another_branch_fails_and_the_branch_is_removed(string fault)
    {
        _case.WithPlan(_case.FaultTask("F", fault));

        var result = _case.Run();

        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain("refs/heads/agent-branch");
        _case.AssertContained(result);
    }

    [Fact]
    public void An_agent_that_commits_its_own_work_completes_with_its_commit_kept()
    {
        _case.WithPlan(_case.FaultTask("F", "git-commit"));

        var result = _case.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        _case.Status("F").Should().Be("completed");
        _case.Tasks()["F"]["changed_files"]!.Select(f => (string)f!).Should().BeEquivalentTo(["a.txt", "b.txt"]);
        _case.AssertContained(result);
    }

    public void Dispose() => _case.Dispose();
}
