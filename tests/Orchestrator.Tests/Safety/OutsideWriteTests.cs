namespace Orchestrator.Tests.Safety;

/// <summary>Findings 3 and 5: writes outside a task's worktree fail that task only, naming the paths.</summary>
public sealed class OutsideWriteTests : IDisposable
{
    private readonly SafetyCase _case = new();

    [Fact]
    public void A_write_into_a_failed_siblings_kept_worktree_fails_the_writer_and_not_the_sibling()
    {
        // Two tasks side by side make it a parallel run: a worktree per task. J's goes when its commit exists; the
        // crashed C's is kept for a look, and F, after J, writes into it.
        _case.WithPlan(_case.FaultTask("C", "crash"), _case.InnocentTask("J", 1.0), _case.FaultTask("F", "write-sibling", "J"));

        var result = _case.Run();

        _case.Status("J").Should().Be("completed", result.ToString());
        _case.Status("C").Should().Be("failed");
        _case.Error("C").Should().NotContain("outside");
        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain("changed outside its worktree").And.Contain("/C (files added, removed or renamed in .)");
        _case.Tasks()["J"]["changed_files"]!.Select(f => (string)f!).Should().Equal("innocent.txt");
        Directory.Exists((string)_case.Tasks()["J"]["worktree"]!).Should().BeFalse("a completed task's worktree is removed");
        _case.AssertContained(result);
    }

    [Theory]
    [InlineData("write-outside", "stray.txt")]
    [InlineData("edit-main", "README.md")]
    [InlineData("chmod-main", "README.md")]
    public void A_change_to_the_users_checkout_fails_the_task_that_made_it_naming_the_file(string fault, string file)
    {
        _case.WithPlan(_case.InnocentTask("I", 0.1), _case.FaultTask("F", fault, "I"));

        var result = _case.Run();

        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain($"{_case.Repo.RepoPath} (").And.Contain(file);
        _case.Status("I").Should().Be("completed");
        _case.AssertContained(result, file);
    }

    [Theory]
    [InlineData("edit-main-in-place")]
    [InlineData("chmod-main")]
    public void A_change_in_place_to_a_users_checkout_untouched_for_an_hour_is_still_seen_and_blamed(string fault)
    {
        // Settled files let the guard reuse its last status of the checkout while nothing in it moves; a same-size rewrite
        // or a mode change moves no folder's time, so only the file's own time, size or mode can give it away.
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        foreach (var path in Directory.EnumerateFileSystemEntries(_case.Repo.RepoPath, "*", SearchOption.AllDirectories).Append(_case.Repo.RepoPath))
        {
            File.SetLastWriteTimeUtc(path, anHourAgo);
        }

        _case.WithPlan(_case.InnocentTask("I", 0.1), _case.InnocentTask("J", 0.1, "I"), _case.FaultTask("F", fault, "J"));

        var result = _case.Run();

        _case.Status("I").Should().Be("completed", result.ToString());
        _case.Status("J").Should().Be("completed", result.ToString());
        _case.Status("F").Should().Be("failed");
        _case.Error("F").Should().Contain($"{_case.Repo.RepoPath} (").And.Contain("README.md");
        _case.AssertContained(result, "README.md");
    }

    [Fact]
    public void An_innocent_task_running_beside_an_agent_that_edits_the_users_checkout_is_not_failed()
    {
        _case.WithPlan(_case.FaultTask("F", "edit-main"), _case.InnocentTask("I", 1.0));

        var result = _case.Run("--max-concurrent=2");

        _case.Status("I").Should().Be("completed", result.ToString());
        (_case.Status("F") == "failed" || result.Output.Contains("cannot tell which", StringComparison.Ordinal)).Should().BeTrue(result.ToString());
        _case.AssertContained(result, "README.md");
    }

    [Fact]
    public void A_link_out_of_the_worktree_is_committed_as_a_link_and_nothing_outside_is_touched()
    {
        _case.WithPlan(_case.FaultTask("F", "symlink-out"));

        var result = _case.RunToMerge();

        result.ExitCode.Should().Be(0, result.ToString());
        _case.Status("F").Should().Be("completed");
        _case.AssertContained(result);
    }

    [Fact]
    public void An_agent_that_swaps_its_worktree_for_a_link_out_fails_and_the_retry_deletes_only_the_link()
    {
        _case.WithPlan(_case.FaultTask("F", "replace-worktree"));

        var result = _case.Run("--retries=1");

        _case.Status("F").Should().Be("failed", result.ToString());
        _case.AssertContained(result);
    }

    public void Dispose() => _case.Dispose();
}
