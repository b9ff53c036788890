using Orchestrator.Agents;

namespace Orchestrator.Tests.Agents;

/// <summary>The prompt an agent gets: the common body plus agent instructions, or the repository's own template.</summary>
public sealed class PromptTemplateTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("orch-prompt-").FullName;

    private static readonly AgentInvocation Invocation = new()
    {
        TaskId = "T7",
        Description = "Add {{worktree}} handling",
        Worktree = "/w/T7",
        PromptFile = "/p/T7.md",
        LogPath = "/l/T7.log",
    };

    [Fact]
    public void The_default_prompt_adds_the_worktree_no_commit_rule_and_the_agents_instructions_to_the_body()
    {
        var prompt = PromptTemplate.Render(_repo, "claude", "# Task T7\n\nAdd it\n", "Use your file tools.", Invocation);

        prompt.Should().StartWith("# Task T7\n\nAdd it\n")
            .And.Contain("Your worktree (work only here): `/w/T7`")
            .And.Contain("Do not run `git commit`")
            .And.Contain("Use your file tools.");
    }

    [Fact]
    public void A_repository_can_override_an_agents_prompt_with_its_own_template()
    {
        Directory.CreateDirectory(Path.Combine(_repo, ".orchestrator", "prompts"));
        File.WriteAllText(PromptTemplate.OverridePath(_repo, "codex"), "House rules for {{agent}} on {{task_id}} in {{worktree}}:\n{{prompt}}\nBe brief.");

        var prompt = PromptTemplate.Render(_repo, "codex", "BODY with {{worktree}} kept", "", Invocation);

        prompt.Should().Be("House rules for codex on T7 in /w/T7:\nBODY with {{worktree}} kept\nBe brief.\n");
        PromptTemplate.Render(_repo, "claude", "BODY", "", Invocation).Should().NotContain("House rules");
    }

    public void Dispose() => Directory.Delete(_repo, recursive: true);
}
