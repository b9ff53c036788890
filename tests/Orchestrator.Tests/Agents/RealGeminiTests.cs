using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;

namespace Orchestrator.Tests.Agents;

/// <summary>The real gemini CLI (pinned in tests/agent-clis) against a local fake Gemini API.</summary>
[Trait("Category", "RealAgents")]
public sealed class RealGeminiTests
{
    private const string ApiKey = "AIza-fake-secret-0123456789";

    [Fact]
    public async Task I_can_run_three_tasks_in_parallel_with_gemini_and_get_them_merged_with_their_tokens()
    {
        await using var server = await GeminiFake.StartAsync(ModelBehaviour.WriteRequestedFile);
        using var plan = new ThreeFilePlan("gemini");

        var result = await RunAsync(plan, server);

        result.ExitCode.Should().Be(0, result.ToString());
        JObject.Parse(result.StandardOutput)["tasks"]!.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "merged");
        var execution = plan.PhaseFile(4)["output_data"]!;
        foreach (var task in execution["tasks"]!)
        {
            task["usage"]!["input_tokens"]!.Value<long>().Should().BeGreaterThanOrEqualTo(200, "two turns of 100 prompt tokens");
            ((string?)task["usage"]!["session_id"]).Should().NotBeNullOrEmpty();
        }

        execution["usage"]!["output_tokens"]!.Value<long>().Should().BeGreaterThanOrEqualTo(120);
        server.Requests.Should().Contain(r => r.Request.Contains(":streamGenerateContent", StringComparison.Ordinal));
        plan.AllArtifactText().Should().NotContain(ApiKey);
    }

    [Fact]
    public async Task A_gemini_task_whose_model_api_fails_with_500_fails_with_the_CLIs_error_text()
    {
        await using var server = await GeminiFake.StartAsync(ModelBehaviour.Fail500);
        using var plan = new ThreeFilePlan("gemini");

        var result = await RunAsync(plan, server, "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var first = plan.PhaseFile(4)["output_data"]!["tasks"]![0]!;
        ((string)first["status"]!).Should().Be("failed");
        ((int)first["exit_code"]!).Should().Be(500 % 256, "gemini exits with the HTTP status mod 256");
        ((string)first["error"]!).Should().Contain("fake upstream exploded");
    }

    private static async Task<Support.CliResult> RunAsync(ThreeFilePlan plan, FakeModelServer server, params string[] extra)
    {
        var gemini = await AgentClis.PathOfAsync("gemini");
        var home = Path.Combine(plan.Scratch, "gemini-home");
        Directory.CreateDirectory(Path.Combine(home, ".gemini"));
        File.WriteAllText(Path.Combine(home, ".gemini", "settings.json"), """
            {"security": {"auth": {"selectedType": "gemini-api-key"}}, "general": {"maxAttempts": 1}}
            """);
        return await HostRun.RunAsync(plan.Repo.Root, plan.Args(["--agent-path", gemini, .. extra]), new Dictionary<string, string>
        {
            ["GEMINI_CLI_HOME"] = home,
            ["GEMINI_API_KEY"] = ApiKey,
            ["GOOGLE_GEMINI_BASE_URL"] = server.BaseUrl,
        });
    }
}
