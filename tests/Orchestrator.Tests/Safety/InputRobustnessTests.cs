using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Safety;

/// <summary>Finding 7: bad input of every kind is exit 2, one line naming the flag or file, before anything is created.</summary>
public sealed class InputRobustnessTests : IDisposable
{
    private readonly SafetyCase _case = new();

    [Fact]
    public void An_estimate_out_of_range_names_the_field()
    {
        File.WriteAllText(_case.PlanPath, """{"tasks": [{"id": "T1", "description": "x", "command": "true", "estimate_seconds": 99999999999999999999999999999}]}""");

        AssertRefused(_case.Run(), "tasks[0].estimate_seconds must be a number from 0 to");
    }

    [Fact]
    public void An_agent_command_with_an_unbalanced_quote_is_refused_before_any_task()
    {
        _case.WithPlan(new JObject { ["id"] = "T1", ["description"] = "x" });

        AssertRefused(_case.Run("--agent-command=sh -c 'echo unterminated"), "--agent-command: not a valid shell command line");
    }

    [Fact]
    public void A_plan_that_is_a_dangling_link_is_refused()
    {
        var link = Path.Combine(_case.Repo.Root, "dangling.json");
        File.CreateSymbolicLink(link, Path.Combine(_case.Repo.Root, "gone.json"));

        AssertRefused(Run("--plan", link), "plan file not found");
    }

    [Fact]
    public void A_plan_that_is_a_folder_is_refused()
    {
        var folder = Path.Combine(_case.Repo.Root, "folder.json");
        Directory.CreateDirectory(folder);

        AssertRefused(Run("--plan", folder), "is a folder, not a plan file");
    }

    [Fact]
    public void A_plan_that_is_a_fifo_without_a_writer_is_refused_without_waiting()
    {
        var fifo = Path.Combine(_case.Repo.Root, "fifo.json");
        System.Diagnostics.Process.Start("mkfifo", [fifo])!.WaitForExit();

        AssertRefused(Run("--plan", fifo), "is not a regular file");
    }

    [Fact]
    public void A_plan_that_is_a_device_is_refused()
    {
        var device = Path.Combine(_case.Repo.Root, "zero.json");
        File.CreateSymbolicLink(device, "/dev/zero");

        AssertRefused(Run("--plan", device), "--plan:");
    }

    [Fact]
    public void A_bare_repository_or_a_git_folder_is_refused()
    {
        var bare = Path.Combine(_case.Repo.Root, "bare.git");
        TempRepo.GitIn(_case.Repo.Root, "clone", "--quiet", "--bare", _case.Repo.RepoPath, bare);
        _case.WithPlan(new JObject { ["id"] = "T1", ["description"] = "x", ["command"] = "true" });

        AssertRefused(Run("--plan", _case.PlanPath, "--repo-path", bare), "--repo-path:");
        AssertRefused(Run("--plan", _case.PlanPath, "--repo-path", Path.Combine(_case.Repo.RepoPath, ".git")), "--repo-path:");
    }

    [Fact]
    public void Artifacts_pointing_at_a_file_are_refused()
    {
        _case.WithPlan(new JObject { ["id"] = "T1", ["description"] = "x", ["command"] = "true" });
        var file = Path.Combine(_case.Repo.Root, "a-file");
        File.WriteAllText(file, "not a folder");

        var result = OrchestratorCli.Run(_case.Repo.Root, ["--repo-path", _case.Repo.RepoPath, "--plan", _case.PlanPath, "--artifacts", file]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().StartWith("error: --artifacts:").And.NotContain("\n");
        File.ReadAllText(file).Should().Be("not a folder");
    }

    private CliResult Run(params string[] args) =>
        OrchestratorCli.Run(_case.Repo.Root, ["--repo-path", _case.Repo.RepoPath, "--artifacts", _case.Repo.Artifacts, .. args], timeout: TimeSpan.FromMinutes(1));

    private void AssertRefused(CliResult result, string message)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().StartWith("error: ").And.Contain(message).And.NotContain("\n");
        Directory.Exists(_case.Repo.Artifacts).Should().BeFalse("nothing is created for refused input");
        _case.Repo.Git("for-each-ref", "refs/heads/orchestrator/").Should().BeEmpty("no branch is created for refused input");
    }

    public void Dispose() => _case.Dispose();
}
