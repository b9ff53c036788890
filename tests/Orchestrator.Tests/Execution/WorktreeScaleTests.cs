namespace Orchestrator.Tests.Execution;

public sealed class WorktreeScaleTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("scale");

    [Fact]
    public void Two_hundred_worktrees_are_created_eight_at_a_time_without_a_single_failure()
    {
        var tasks = Enumerable.Range(1, 200).Select(i => ($"T{i:000}", $"touch T{i:000}.txt", Array.Empty<string>())).ToArray();
        _repo.WithTasks(tasks);

        var result = _repo.Run("-c", "8", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        var output = _repo.ExecutionResult()["output_data"]!;
        ((string)output["mode"]!).Should().Be("parallel");
        ((int)output["max_concurrent"]!).Should().Be(8);
        output["tasks"]!.Should().HaveCount(200).And.OnlyContain(t => (string)t["status"]! == "completed" && (int)t["attempts"]! == 1);
        _repo.Repo.Git("worktree", "list").Split('\n').Should().HaveCount(201);
    }

    public void Dispose() => _repo.Dispose();
}
