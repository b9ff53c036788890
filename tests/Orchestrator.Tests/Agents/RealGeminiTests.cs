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
        await using var server = await GeminiFake.StartAsync();
        using var plan = new ThreeFilePlan("gemini");
        var gemini = await AgentClis.PathOfAsync("gemini");
        var home = Path.Combine(plan.Scratch, "gemini-home");
        Directory.CreateDirectory(Path.Combine(home, ".gemini"));
        File.WriteAllText(Path.Combine(home, ".gemini", "settings.json"), """{"security": {"auth": {"selectedType": "gemini-api-key"}}}""");

        var result = await HostRun.RunAsync(plan.Repo.Root, plan.Args("--agent-path", gemini), new Dictionary<string, string>
        {
            ["GEMINI_CLI_HOME"] = home,
            ["GEMINI_API_KEY"] = ApiKey,
            ["GOOGLE_GEMINI_BASE_URL"] = server.BaseUrl,
        });

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
}
