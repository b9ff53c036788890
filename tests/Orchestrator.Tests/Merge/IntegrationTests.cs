using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Merge;

public sealed class IntegrationTests
{
    [Fact]
    public void Several_tasks_merge_cleanly_in_dependency_order_without_touching_my_checkout()
    {
        using var repo = new MergeRepo("clean");
        repo.Task("T1", "echo alpha > a.txt").Task("T2", "echo beta > b.txt").Task("T3", "echo gamma > c.txt")
            .Task("T4", "cat a.txt b.txt > ab.txt", "T1", "T2");

        var result = repo.Run("--test-command", "test -f ab.txt && test -f c.txt");

        result.ExitCode.Should().Be(0, result.ToString());
        MergeRepo.Statuses(result).Should().OnlyContain(s => s.Status == "merged");
        var merge = repo.MergeOutput();
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2", "T3", "T4");
        merge["test_runs"]!.Value<int>().Should().Be(1);
        merge["merged_into"]!.Type.Should().Be(JTokenType.Null);
        var integration = (string)merge["integration_branch"]!;
        repo.Repo.Git("rev-parse", integration).Should().Be((string)merge["integration_head"]!);
        repo.Show(integration, "ab.txt").Should().Be("alpha\nbeta");
        repo.Repo.Git("rev-parse", "HEAD").Should().Be(repo.BaseCommit);
        repo.Repo.Git("status", "--porcelain").Should().BeEmpty();
        repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle("merged tasks' worktrees are removed");
    }

    [Fact]
    public void A_task_that_changed_nothing_adds_no_merge_commit_and_the_others_merge_in_dependency_order()
    {
        using var repo = new MergeRepo("nothing-new");
        repo.Task("T1", "echo alpha > a.txt").Task("T2", "true", "T1").Task("T3", "echo gamma > c.txt")
            .Task("T4", "cat a.txt c.txt > ac.txt", "T2", "T3");

        var result = repo.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        var merge = repo.MergeOutput();
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2", "T3", "T4");
        var integration = (string)merge["integration_branch"]!;
        repo.Repo.Git("log", "--first-parent", "--format=%s", $"{repo.BaseCommit}..{integration}").Split('\n')
            .Should().Equal(["Merge T4: Task T4", "Merge T3: Task T3", "Merge T1: Task T1"],
                "T2's branch holds only T1's commit, already merged: no merge commit of its own");
        repo.Show(integration, "ac.txt").Should().Be("alpha\ngamma");
    }

    [Fact]
    public void My_dirty_checkout_of_the_base_branch_stays_exactly_as_it_was_even_when_asked_to_merge_into_it()
    {
        using var repo = new MergeRepo("dirty", ("notes.txt", "mine\n"));
        repo.Task("T1", "echo alpha > a.txt").Task("T2", "echo changed > notes.txt");
        repo.Repo.Write("notes.txt", "my unsaved edit\n").Write("scratch.txt", "untracked\n");
        var statusBefore = repo.Repo.Git("status", "--porcelain");

        var result = repo.Run("--merge-into=main");

        result.ExitCode.Should().Be(1, "the branch to merge into was left alone: " + result);
        result.StandardError.Should().Contain("main is checked out in").And.Contain("with local changes");
        var merge = repo.MergeOutput();
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2");
        merge["merged_into"]!.Type.Should().Be(JTokenType.Null);
        repo.Repo.Git("rev-parse", "HEAD").Should().Be(repo.BaseCommit);
        repo.Repo.Git("rev-parse", "main").Should().Be(repo.BaseCommit);
        repo.Repo.Git("status", "--porcelain").Should().Be(statusBefore);
        repo.Repo.Read("notes.txt").Should().Be("my unsaved edit\n");
        repo.Show((string)merge["integration_branch"]!, "notes.txt").Should().Be("changed");
    }

    [Fact]
    public void Merge_into_fast_forwards_my_checked_out_branch_and_its_files_when_everything_is_green()
    {
        using var repo = new MergeRepo("into");
        repo.Task("T1", "echo alpha > a.txt").Task("T2", "echo beta > b.txt");

        var result = repo.Run("--merge-into=main", "--test-command", "test -f a.txt && test -f b.txt");

        result.ExitCode.Should().Be(0, result.ToString());
        var merge = repo.MergeOutput();
        ((string)merge["merged_into"]!).Should().Be("main");
        repo.Repo.Git("rev-parse", "main").Should().Be((string)merge["integration_head"]!);
        repo.Repo.Read("b.txt").Should().Be("beta\n", "the checkout of main follows the fast-forward");
        repo.Repo.Git("status", "--porcelain").Should().BeEmpty();
    }

    [Fact]
    public void Merge_into_a_branch_checked_out_in_another_worktree_of_mine_moves_that_checkout_too()
    {
        using var repo = new MergeRepo("elsewhere");
        var elsewhere = Path.Combine(repo.Repo.Root, "release\ncheckout");
        repo.Repo.Git("worktree", "add", "-q", "-b", "release", elsewhere);
        repo.Task("T1", "echo alpha > a.txt");

        var result = repo.Run("--merge-into=release");

        result.ExitCode.Should().Be(0, result.ToString());
        repo.Repo.Git("rev-parse", "release").Should().Be((string)repo.MergeOutput()["integration_head"]!);
        File.ReadAllText(Path.Combine(elsewhere, "a.txt")).Should().Be("alpha\n", "the checkout of release follows the fast-forward");
        File.Exists(Path.Combine(repo.Repo.RepoPath, "a.txt")).Should().BeFalse();
    }

    [Fact]
    public void Merge_into_a_branch_checked_out_nowhere_moves_just_that_branch()
    {
        using var repo = new MergeRepo("ref");
        repo.Repo.Git("branch", "release");
        repo.Task("T1", "echo alpha > a.txt");

        var result = repo.Run("--merge-into=release");

        result.ExitCode.Should().Be(0, result.ToString());
        repo.Repo.Git("rev-parse", "release").Should().Be((string)repo.MergeOutput()["integration_head"]!);
        repo.Repo.Git("rev-parse", "main").Should().Be(repo.BaseCommit);
        File.Exists(Path.Combine(repo.Repo.RepoPath, "a.txt")).Should().BeFalse();
    }

    [Fact]
    public void Merge_into_a_branch_that_does_not_exist_is_bad_input()
    {
        using var repo = new MergeRepo("nobranch");
        repo.Task("T1", "echo alpha > a.txt");

        var result = repo.Run("--merge-into=nope");

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Split('\n').Last().Should().StartWith("error: --merge-into: no branch 'nope'");
        result.StandardError.Should().NotContain("Exception");
    }

    [Fact]
    public void Merge_into_leaves_my_branch_alone_when_the_tests_fail()
    {
        using var repo = new MergeRepo("red");
        repo.Repo.Git("branch", "release");
        repo.Task("T1", "echo alpha > a.txt");

        var result = repo.Run("--merge-into=release", "--test-command", "echo suite says no; exit 3");

        result.ExitCode.Should().Be(1, result.ToString());
        var merge = repo.MergeOutput();
        merge["merged_into"]!.Type.Should().Be(JTokenType.Null);
        ((string)merge["merge_into_skipped"]!).Should().Contain("not everything merged green");
        repo.Repo.Git("rev-parse", "release").Should().Be(repo.BaseCommit);
    }

    [Fact]
    public void Someone_moving_the_integration_branch_mid_merge_makes_the_swap_fail_and_the_merge_is_redone_on_top()
    {
        using var repo = new MergeRepo("cas");
        repo.Task("T1", "echo alpha > a.txt").Task("T2", "echo beta > b.txt").Task("T3", "echo gamma > c.txt");
        var path = AnotherWriterBeforeTheFirstSwap(repo.Repo);

        var result = repo.RunWith(
            new Dictionary<string, string> { ["PATH"] = path },
            "--test-command", "test -f a.txt && test -f b.txt && test -f c.txt && test -f foreign.txt");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardError.Should().Contain("was moved by someone else");
        var merge = repo.MergeOutput();
        merge["cas_retries"]!.Value<int>().Should().Be(1);
        merge["merged"]!.Values<string>().Should().Equal("T1", "T2", "T3");
        var integration = (string)merge["integration_branch"]!;
        var foreign = File.ReadAllText(Path.Combine(repo.Repo.RepoPath, ".git", "foreign-commit")).Trim();
        repo.Repo.Git("merge-base", "--is-ancestor", foreign, integration).Should().BeEmpty("the other writer's commit is kept");
        repo.Show(integration, "foreign.txt").Should().Be("foreign");
    }

    /// <summary>
    /// Another writer, as a <c>git</c> first on PATH (the orchestrator runs no hook of the repository): just before the
    /// orchestrator's first compare-and-swap of a merge onto the integration ref, it commits on top of the ref, so that
    /// swap finds the ref moved. Returns the PATH to run with.
    /// </summary>
    private static string AnotherWriterBeforeTheFirstSwap(Support.TempRepo repo)
    {
        var real = Orchestrator.Processes.ProgramLookup.Find("git")!;
        var bin = Path.Combine(repo.Root, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "git");
        File.WriteAllText(wrapper, $$"""
            #!/bin/sh
            real='{{real}}'
            marker='{{Path.Combine(repo.RepoPath, ".git", "foreign-commit")}}'
            prev=""; ref=""; start=no; update=no
            for a in "$@"; do
              [ "$prev" = "-m" ] && case "$a" in "orchestrator: start"*) start=yes;; esac
              case "$a" in update-ref) update=yes;; refs/heads/orchestrator/*/integration) ref="$a";; esac
              prev="$a"
            done
            if [ "$update" = yes ] && [ -n "$ref" ] && [ "$start" = no ] && [ ! -e "$marker" ]; then
              cur=$("$real" rev-parse "$ref")
              blob=$(echo foreign | "$real" hash-object -w --stdin)
              tree=$( ("$real" ls-tree "$cur"; printf '100644 blob %s\tforeign.txt\n' "$blob") | "$real" mktree)
              commit=$("$real" commit-tree "$tree" -p "$cur" -m "another writer")
              echo "$commit" > "$marker"
              "$real" update-ref "$ref" "$commit" "$cur"
            fi
            exec "$real" "$@"
            """.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin + ":" + Environment.GetEnvironmentVariable("PATH");
    }
}
