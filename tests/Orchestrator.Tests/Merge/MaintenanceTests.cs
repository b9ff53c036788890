namespace Orchestrator.Tests.Merge;

public sealed class MaintenanceTests
{
    [Fact]
    public void Status_shows_each_task_and_worktree_disk_use_and_cleanup_all_removes_worktrees_and_branches()
    {
        using var repo = new MergeRepo("tidy", ("shared.txt", "line\n"));
        repo.Task("T1", "echo one > shared.txt").Task("T2", "echo two > shared.txt");
        repo.Run().ExitCode.Should().Be(1);

        var status = repo.RunTarget("Status");

        status.ExitCode.Should().Be(0, status.ToString());
        status.Output.Should().MatchRegex(@"T1\s+merged").And.MatchRegex(@"T2\s+conflict").And.Contain("MiB on disk");
        status.Output.Should().MatchRegex(@"T2\s+conflict\s+orchestrator/\S+/T2\s+\S+/worktrees/\S+/T2\s+\(\d+\.\d KiB\)");
        status.Output.Should().Contain("integration orchestrator/").And.Contain("1 worktrees");
        repo.Repo.Git("branch", "--list", "orchestrator/*").Should().NotBeEmpty();

        var cleanup = repo.RunTarget("Cleanup", "--all");

        cleanup.ExitCode.Should().Be(0, cleanup.ToString());
        repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle();
        repo.Repo.Git("branch", "--list", "orchestrator/*", "--format=%(refname:short)").Should().EndWith("/integration", "--all keeps the result");

        repo.RunTarget("Cleanup", "--all", "--include-result").ExitCode.Should().Be(0);
        repo.Repo.Git("branch", "--list", "orchestrator/*").Should().BeEmpty();
        repo.Repo.Git("rev-parse", "HEAD").Should().Be(repo.BaseCommit);
    }
}
