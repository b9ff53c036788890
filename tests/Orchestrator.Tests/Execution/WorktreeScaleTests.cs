namespace Orchestrator.Tests.Execution;

public sealed class WorktreeScaleTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("scale");

    [Fact]
    public void Two_hundred_worktrees_are_created_eight_at_a_time_and_only_the_failed_tasks_one_is_left()
    {
        var tasks = Enumerable.Range(1, 200)
            .Select(i => ($"T{i:000}", i == 200 ? "sh -c 'touch half.txt; exit 3'" : $"touch T{i:000}.txt", Array.Empty<string>())).ToArray();
        _repo.WithTasks(tasks);

        var result = _repo.Run("-c", "8", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var output = _repo.ExecutionResult()["output_data"]!;
        ((string)output["mode"]!).Should().Be("parallel");
        ((int)output["max_concurrent"]!).Should().Be(8);
        output["tasks"]!.Where(t => (string)t["id"]! != "T200").Should()
            .HaveCount(199).And.OnlyContain(t => (string)t["status"]! == "completed" && (int)t["attempts"]! == 1);
        var failed = _repo.Tasks()["T200"];
        ((string)failed["status"]!).Should().Be("failed");
        var kept = (string)failed["worktree"]!;
        _repo.Repo.Git("worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal))
            .Select(l => l["worktree ".Length..]).Should().Equal([_repo.Repo.RepoPath, kept], "a completed task's worktree goes once its commit exists");
        File.Exists(Path.Combine(kept, "half.txt")).Should().BeTrue("a failed task's checkout is kept for a look");
        _repo.Repo.Git("branch", "--list", "orchestrator/*").Split('\n').Should().HaveCount(200, "every task's branch stays");
    }

    public void Dispose() => _repo.Dispose();
}
