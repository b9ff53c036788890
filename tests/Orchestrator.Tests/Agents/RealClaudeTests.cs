using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;

namespace Orchestrator.Tests.Agents;

/// <summary>The real claude CLI (pinned in tests/agent-clis) against a local fake Anthropic Messages API.</summary>
[Trait("Category", "RealAgents")]
public sealed class RealClaudeTests
{
    private const string ApiKey = "sk-ant-fake-secret-0123456789";

    [Fact]
    public async Task I_can_run_three_tasks_in_parallel_with_claude_and_get_them_merged_with_their_cost()
    {
        await using var server = await AnthropicFake.StartAsync(ModelBehaviour.WriteRequestedFile);
        using var plan = new ThreeFilePlan("claude");

        var result = await RunAsync(plan, server);

        result.ExitCode.Should().Be(0, result.ToString());
        var summary = JObject.Parse(result.StandardOutput);
        summary["tasks"]!.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "merged", result.ToString());
        plan.PhaseFile(5)["output_data"]!["tests"]!["passed"]!.Value<bool>().Should().BeTrue();
        var execution = plan.PhaseFile(4)["output_data"]!;
        foreach (var task in execution["tasks"]!)
        {
            task["usage"]!["cost_usd"]!.Value<decimal>().Should().BeGreaterThan(0);
            task["usage"]!["input_tokens"]!.Value<long>().Should().BeGreaterThan(0);
            task["usage"]!["turns"]!.Value<int>().Should().Be(2);
            ((string?)task["usage"]!["session_id"]).Should().NotBeNullOrEmpty();
        }

        var costs = execution["tasks"]!.Sum(t => t["usage"]!["cost_usd"]!.Value<decimal>());
        execution["usage"]!["cost_usd"]!.Value<decimal>().Should().Be(costs);
        summary["usage"]!["cost_usd"]!.Value<decimal>().Should().Be(costs);
        server.Requests.Should().Contain(r => r.Body.Contains("Create two.txt containing beta", StringComparison.Ordinal));
        plan.AllArtifactText().Should().NotContain(ApiKey);
    }

    [Fact]
    public async Task A_claude_task_whose_model_api_fails_with_500_fails_with_the_CLIs_error_text()
    {
        await using var server = await AnthropicFake.StartAsync(ModelBehaviour.Fail500);
        using var plan = new ThreeFilePlan("claude");

        var result = await RunAsync(plan, server, "-c", "1", "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var first = plan.PhaseFile(4)["output_data"]!["tasks"]![0]!;
        ((string)first["status"]!).Should().Be("failed");
        ((string)first["error"]!).Should().Contain("500").And.Contain(AnthropicFake.ServerErrorMessage);
    }

    [Fact]
    public async Task A_claude_task_whose_model_never_answers_times_out()
    {
        await using var server = await AnthropicFake.StartAsync(ModelBehaviour.Stall);
        using var plan = new ThreeFilePlan("claude");

        var result = await RunAsync(plan, server, "--timeout", "15", "--retries=0", "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = plan.PhaseFile(4)["output_data"]!["tasks"]!;
        tasks.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "timeout");
        ((string)tasks[0]!["error"]!).Should().Contain("timed out after 15s");
    }

    internal static async Task<Support.CliResult> RunAsync(ThreeFilePlan plan, FakeModelServer server, params string[] extra) =>
        await HostRun.RunAsync(plan.Repo.Root, await ArgsAsync(plan, extra), Environment(plan, server));

    internal static async Task<IEnumerable<string>> ArgsAsync(ThreeFilePlan plan, params string[] extra) =>
        plan.Args(["--agent-path", await AgentClis.PathOfAsync("claude"), .. extra]);

    /// <summary>claude pointed at the fake, with its own retries off so the orchestrator sees every 429.</summary>
    internal static Dictionary<string, string> Environment(ThreeFilePlan plan, FakeModelServer server) =>
        new()
        {
            ["ANTHROPIC_BASE_URL"] = server.BaseUrl,
            ["ANTHROPIC_API_KEY"] = ApiKey,
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(plan.Scratch, "claude-config"),
            ["CLAUDE_CODE_MAX_RETRIES"] = "0",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        };
}
