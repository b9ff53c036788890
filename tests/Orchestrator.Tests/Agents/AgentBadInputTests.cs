using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Agents;

/// <summary>Mistakes in agent flags or configuration end the run with exit code 2 and one line naming them.</summary>
public sealed class AgentBadInputTests : IDisposable
{
    private readonly SmallPlan _plan = new();

    [Theory]
    [InlineData("--agent=gpt-pilot", "--agent: unknown agent 'gpt-pilot'")]
    [InlineData("--agent=claude,nope", "--agent: unknown agent 'nope'")]
    [InlineData("--agent-args=--x 'unterminated", "--agent-args: unterminated single quote")]
    public void A_bad_agent_flag_is_rejected_naming_it(string flag, string message)
    {
        var plan = _plan.Repo.WriteScratch("agentless.json", """{"tasks": [{"id": "T1", "description": "x"}, {"id": "T2", "description": "y"}]}""");

        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--plan", plan, flag, flag.StartsWith("--agent-args") ? "--agent=claude" : "--json"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(message);
    }

    [Fact]
    public void A_malformed_agents_json_is_rejected_naming_the_file()
    {
        _plan.Repo.Write(".orchestrator/agents.json", "{ \"claude\": [1, 2] }").Commit("config");
        var plan = _plan.Repo.WriteScratch("agentless.json", """{"tasks": [{"id": "T1", "description": "x"}]}""");

        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--plan", plan, "--agent=claude"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(".orchestrator/agents.json: \"claude\" must be an object");
    }

    [Fact]
    public void Artifacts_kept_inside_the_repository_do_not_count_as_changes_outside_a_worktree()
    {
        var inside = Path.Combine(_plan.Repo.RepoPath, "artifacts");

        var result = OrchestratorCli.Run(_plan.Repo.RepoPath, ["--repo-path", _plan.Repo.RepoPath, "--plan", _plan.PlanPath, "--artifacts", inside]);

        result.ExitCode.Should().Be(0, result.ToString());
    }

    public void Dispose() => _plan.Dispose();
}
