using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Pipeline;

public sealed class MergeConflictTests
{
    [Fact]
    public void A_conflicting_task_is_kept_apart_and_the_others_are_merged()
    {
        using var repo = new TempRepo("conflict");
        repo.Write("shared.txt", "line\n").Commit("base");
        var plan = repo.WriteScratch("plan.json", """
            { "tasks": [
              { "id": "T1", "description": "First edit of shared.txt", "files": ["shared.txt"], "command": "sh -c 'echo one > shared.txt'" },
              { "id": "T2", "description": "Second edit of shared.txt", "files": ["shared.txt"], "command": "sh -c 'echo two > shared.txt'" },
              { "id": "T3", "description": "Unrelated file", "files": ["other.txt"], "command": "sh -c 'echo other > other.txt'" }
            ] }
            """);
        var userHead = repo.Git("rev-parse", "HEAD");

        var result = OrchestratorCli.Run(repo.Root, ["-r", repo.RepoPath, "--plan", plan, "--artifacts", repo.Artifacts, "--json"]);

        result.ExitCode.Should().Be(1, result.ToString());
        var summary = Newtonsoft.Json.Linq.JObject.Parse(result.StandardOutput);
        summary["tasks"]!.Select(t => ((string)t["id"]!, (string)t["status"]!)).Should().Equal(("T1", "merged"), ("T2", "conflict"), ("T3", "merged"));
        var merge = summary["phases"]!.Last!["output_data"]!;
        ((string)merge["conflicts"]![0]!["task"]!).Should().Be("T2");
        merge["conflicts"]![0]!["paths"]!.Values<string>().Should().Equal("shared.txt");
        var branch = (string)summary["tasks"]![1]!["branch"]!;
        repo.Git("show", $"{branch}:shared.txt").Should().Be("two", "the conflicted task's branch is kept with its work");
        repo.Git("show", $"{(string)merge["integration_branch"]!}:shared.txt").Should().Be("one");
        repo.Git("rev-parse", "HEAD").Should().Be(userHead);
        repo.Git("status", "--porcelain").Should().BeEmpty();
    }
}
