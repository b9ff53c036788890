using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;

namespace Orchestrator.Tests.Agents;

/// <summary>The real codex CLI (pinned in tests/agent-clis) against a local fake OpenAI Responses API.</summary>
[Trait("Category", "RealAgents")]
public sealed class RealCodexTests
{
    internal const string ApiKey = "sk-proj-fake-secret-0123456789";

    [Fact]
    public async Task I_can_run_three_tasks_in_parallel_with_codex_and_get_them_merged_with_their_tokens()
    {
        await using var server = await ResponsesFake.StartAsync(ModelBehaviour.WriteRequestedFile);
        using var plan = new ThreeFilePlan("codex");

        var result = await RunAsync(plan, server);

        result.ExitCode.Should().Be(0, $"{result}\n{plan.AgentLogs()}");
        var summary = JObject.Parse(result.StandardOutput);
        summary["tasks"]!.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "merged", result.ToString());
        var execution = plan.PhaseFile(4)["output_data"]!;
        var requests = 0;
        foreach (var task in execution["tasks"]!)
        {
            // Two model requests a task (the command, then the answer), or more when the fake model ran it again.
            var billed = ResponsesFake.RequestsFor(server, (string)task["changed_files"]!.Single()!);
            billed.Should().BeGreaterThanOrEqualTo(2);
            requests += billed;
            task["usage"]!["input_tokens"]!.Value<long>().Should().Be(billed * ResponsesFake.InputTokensPerRequest);
            task["usage"]!["output_tokens"]!.Value<long>().Should().Be(billed * ResponsesFake.OutputTokensPerRequest);
            task["usage"]!["cost_usd"]!.Type.Should().Be(JTokenType.Null, "codex reports tokens only");
            ((string?)task["usage"]!["session_id"]).Should().NotBeNullOrEmpty();
        }

        execution["usage"]!["input_tokens"]!.Value<long>().Should().Be(requests * ResponsesFake.InputTokensPerRequest);
        summary["usage"]!["output_tokens"]!.Value<long>().Should().Be(requests * ResponsesFake.OutputTokensPerRequest);
        plan.AllArtifactText().Should().NotContain(ApiKey);
    }

    [Fact]
    public async Task A_codex_task_whose_model_api_fails_with_500_fails_with_the_CLIs_error_text()
    {
        await using var server = await ResponsesFake.StartAsync(ModelBehaviour.Fail500);
        using var plan = new ThreeFilePlan("codex");

        var result = await RunAsync(plan, server, "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = plan.PhaseFile(4)["output_data"]!["tasks"]!;
        tasks.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "failed");
        var log = File.ReadAllText((string)tasks[0]!["log_path"]!);
        var failure = AgentOutputLine(log, "turn.failed");
        ((string)tasks[0]!["error"]!).Should().NotBeNullOrWhiteSpace().And.Be(failure, "the error is codex's own turn.failed message");
    }

    [Fact]
    public async Task A_codex_task_whose_model_never_answers_times_out()
    {
        await using var server = await ResponsesFake.StartAsync(ModelBehaviour.Stall);
        using var plan = new ThreeFilePlan("codex");

        var result = await RunAsync(plan, server, "--timeout", "10", "--retries=0", "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = plan.PhaseFile(4)["output_data"]!["tasks"]!;
        tasks.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "timeout");
        ((string)tasks[0]!["error"]!).Should().Be("timed out after 10s");
    }

    private static string AgentOutputLine(string log, string type)
    {
        var line = log.Split('\n').Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..])
            .First(l => l.StartsWith('{') && l.Contains($"\"{type}\"", StringComparison.Ordinal));
        return (string)JObject.Parse(line)["error"]!["message"]!;
    }

    internal static async Task<Support.CliResult> RunAsync(ThreeFilePlan plan, FakeModelServer server, params string[] extra) =>
        await HostRun.RunAsync(plan.Repo.Root, plan.Args(["--agent-path", await AgentClis.PathOfAsync("codex"), .. extra]), new Dictionary<string, string>
        {
            ["CODEX_HOME"] = WriteHome(plan, server, "codex-home"),
            ["FAKE_OPENAI_API_KEY"] = ApiKey,
        });

    /// <summary>A codex home under the plan's scratch folder whose config points codex at the fake server.</summary>
    internal static string WriteHome(ThreeFilePlan plan, FakeModelServer server, string name)
    {
        var home = Directory.CreateDirectory(Path.Combine(plan.Scratch, name)).FullName;
        File.WriteAllText(Path.Combine(home, "config.toml"), $"""
            model_provider = "fake"
            model = "gpt-5-codex"

            [model_providers.fake]
            name = "fake"
            base_url = "{server.BaseUrl}/v1"
            wire_api = "responses"
            env_key = "FAKE_OPENAI_API_KEY"
            request_max_retries = 0
            stream_max_retries = 0

            [features]
            shell_snapshot = false
            """);
        return home;
    }
}
