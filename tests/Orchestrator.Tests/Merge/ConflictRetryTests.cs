namespace Orchestrator.Tests.Merge;

public sealed class ConflictRetryTests
{
    [Fact]
    public void A_conflicted_task_redone_on_top_of_the_merged_work_is_merged_after_all()
    {
        using var repo = new MergeRepo("retry", ("shared.txt", "line\n"));
        repo.Task("T1", "echo one > shared.txt").Task("T2", "echo \"$(cat shared.txt) two\" > shared.txt").Task("T3", "echo other > other.txt");

        var result = repo.Run("--on-conflict=retry-sequential", "--test-command", "grep -qx \"one two\" shared.txt");

        result.ExitCode.Should().Be(0, result.ToString());
        var merge = repo.MergeOutput();
        merge["retried"]!.Values<string>().Should().Equal("T2");
        merge["conflicts"]!.Should().BeEmpty();
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2", "T3");
        repo.Show((string)merge["integration_branch"]!, "shared.txt").Should().Be("one two");
        repo.Repo.Git("show", $"{repo.Repo.Git("branch", "--list", "--format=%(refname:short)", "orchestrator/*/T2")}:shared.txt")
            .Should().Be("line two", "the first attempt's branch is kept as it was");
    }

    [Fact]
    public void Without_retry_a_conflict_among_three_is_reported_with_its_paths_and_its_dependent_blocked()
    {
        using var repo = new MergeRepo("report", ("shared.txt", "line\n"));
        repo.Task("T1", "echo one > shared.txt").Task("T2", "echo two > shared.txt").Task("T3", "echo other > other.txt")
            .Task("T4", "echo more >> shared.txt", "T2");

        var result = repo.Run();

        result.ExitCode.Should().Be(1, result.ToString());
        MergeRepo.Statuses(result).Should().Equal(("T1", "merged"), ("T2", "conflict"), ("T3", "merged"), ("T4", "blocked"));
        var merge = repo.MergeOutput();
        merge["conflicts"]!.Single()["paths"]!.Values<string>().Should().Equal("shared.txt");
        merge["retried"]!.Should().BeEmpty();
    }
}
