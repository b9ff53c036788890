using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Merge;

public sealed class TestGatingTests
{
    private const string NoBrokenFile = "! cat f*.txt | grep -q BROKEN";

    [Fact]
    public void Bisection_finds_the_one_culprit_among_eight_tasks_in_few_test_runs_and_blocks_what_builds_on_it()
    {
        using var repo = EightTasksWithCulprit("T6", dependentOfCulprit: "T8");

        var result = repo.Run("--test-command", NoBrokenFile);

        result.ExitCode.Should().Be(1, result.ToString());
        var merge = repo.MergeOutput();
        merge["test_failed"]!.Select(t => (string)t["task"]!).Should().Equal("T6");
        merge["blocked"]!.Select(t => (string)t["task"]!).Should().Equal("T8");
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2", "T3", "T4", "T5", "T7");
        merge["test_history"]!.Select(t => (string)t["purpose"]!).Should().Equal(
            "batch of 8 merges", "bisect: first 4 of 8 merges", "bisect: first 6 of 8 merges", "bisect: first 5 of 8 merges", "batch of 6 merges");
        merge["test_runs"]!.Value<int>().Should().Be(5, "1 batch run + log2(8) halvings isolate it, and 1 more gates the rest");
        merge["tests"]!["passed"]!.Value<bool>().Should().BeTrue();
        MergeRepo.Statuses(result).Should().Contain([("T6", "test_failed"), ("T8", "blocked"), ("T7", "merged")]);
        var integration = (string)merge["integration_branch"]!;
        repo.Has(integration, "f6.txt").Should().BeFalse();
        repo.Has(integration, "f7.txt").Should().BeTrue();
        repo.Repo.Git("branch", "--list", "orchestrator/*/T6").Should().NotBeEmpty("a test_failed task's branch is kept");
    }

    [Fact]
    public void Two_culprits_are_found_one_after_the_other_and_everything_else_is_merged()
    {
        using var repo = EightTasksWithCulprit("T3", dependentOfCulprit: null, alsoBroken: "T6");

        var result = repo.Run("--test-command", NoBrokenFile);

        result.ExitCode.Should().Be(1, result.ToString());
        var merge = repo.MergeOutput();
        merge["test_failed"]!.Select(t => (string)t["task"]!).Should().Equal("T3", "T6");
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2", "T4", "T5", "T7", "T8");
        merge["tests"]!["passed"]!.Value<bool>().Should().BeTrue();
        merge["test_runs"]!.Value<int>().Should().Be(8);
    }

    [Fact]
    public void Testing_after_each_merge_finds_the_same_culprit_with_one_test_run_per_task()
    {
        using var repo = EightTasksWithCulprit("T3", dependentOfCulprit: null);

        var result = repo.Run("--test-command", NoBrokenFile, "--merge-strategy=each");

        result.ExitCode.Should().Be(1, result.ToString());
        var merge = repo.MergeOutput();
        ((string)merge["strategy"]!).Should().Be("each");
        merge["test_failed"]!.Select(t => (string)t["task"]!).Should().Equal("T3");
        ((string)merge["test_failed"]![0]!["output_tail"]!).Should().NotBeNull();
        merge["merged"]!.Values<string>().Should().HaveCount(7);
        merge["test_runs"]!.Value<int>().Should().Be(8);
    }

    [Fact]
    public void A_test_command_that_runs_too_long_is_stopped_and_counts_as_failing()
    {
        using var repo = new MergeRepo("slow");
        repo.Task("T1", "echo alpha > a.txt");

        var result = repo.Run("--test-command", "sleep 60", "--test-timeout=1");

        result.ExitCode.Should().Be(1, result.ToString());
        var merge = repo.MergeOutput();
        merge["tests"]!["timed_out"]!.Value<bool>().Should().BeTrue();
        ((string)merge["tests"]!["output_tail"]!).Should().Contain("timed out after 1s");
        merge["test_failed"]!.Should().BeEmpty("the base fails too, so the task is not blamed");
    }

    [Theory]
    [InlineData("--merge-strategy=fast", "--merge-strategy: expected batch or each, got 'fast'")]
    [InlineData("--on-conflict=ignore", "--on-conflict: expected report or retry-sequential, got 'ignore'")]
    [InlineData("--test-timeout=soon", "--test-timeout: expected a positive whole number, got 'soon'")]
    public void A_bad_merge_flag_value_is_named_in_one_line(string flag, string message)
    {
        using var repo = new MergeRepo("flags");

        var result = repo.Run(flag);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().Contain(message).And.NotContain("\n");
    }

    private static MergeRepo EightTasksWithCulprit(string culprit, string? dependentOfCulprit, string? alsoBroken = null)
    {
        var repo = new MergeRepo("bisect");
        foreach (var i in Enumerable.Range(1, 8))
        {
            var id = $"T{i}";
            var content = id == culprit || id == alsoBroken ? "BROKEN" : $"ok {i}";
            repo.Task(id, $"echo {content} > f{i}.txt", id == dependentOfCulprit ? [culprit] : []);
        }

        return repo;
    }
}
