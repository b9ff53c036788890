using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;
using Orchestrator.Tests.Support;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Agents;

/// <summary>Budgets and a killed run's sessions, with the real pinned claude CLI against the fake model server.</summary>
[Trait("Category", "RealAgents")]
public sealed class RealAgentBudgetAndSessionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task I_can_cap_a_claude_run_with_max_cost_usd_and_go_on_with_a_higher_budget()
    {
        await using var server = await AnthropicFake.StartAsync(ModelBehaviour.WriteRequestedFile);
        using var plan = new ThreeFilePlan("claude");

        var capped = await RealClaudeTests.RunAsync(plan, server, "-c", "1", "--max-cost-usd=0.000001");

        capped.ExitCode.Should().Be(1, capped.ToString());
        var tasks = plan.PhaseFile(4)["output_data"]!["tasks"]!;
        tasks.Count(t => (string)t["status"]! == "completed").Should().Be(1, "the first task's cost reached the budget");
        var cancelled = tasks.Where(t => (string)t["status"]! == "cancelled").ToList();
        cancelled.Should().HaveCount(2);
        cancelled.Should().OnlyContain(t => (string)t["cancel_reason"]! == "budget");
        capped.StandardError.Should().MatchRegex(@"budget reached: spent 0\.\d+ USD and \d+ tokens of --max-cost-usd=0\.000001");

        var resumed = await HostRun.RunAsync(plan.Repo.Root, ["--resume", "--artifacts", plan.Repo.Artifacts, "--json", "--max-cost-usd=100"],
            RealClaudeTests.Environment(plan, server));

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        JObject.Parse(resumed.StandardOutput)["tasks"]!.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "merged");
    }

    [Fact]
    public async Task A_claude_session_killed_with_the_run_is_continued_in_its_worktree_on_resume()
    {
        var trouble = new FakeTrouble { File = "one.txt", StallAfterTool = true };
        await using var server = await AnthropicFake.StartAsync(ModelBehaviour.WriteRequestedFile, trouble);
        using var plan = new ThreeFilePlan("claude");
        var environment = RealClaudeTests.Environment(plan, server);
        using (var host = OrchestratorCli.Start(plan.Repo.Root, await RealClaudeTests.ArgsAsync(plan, "-c", "1"), environment))
        {
            (await Task.WhenAny(trouble.Stalled.Task, Task.Delay(TimeSpan.FromMinutes(2)))).Should().Be(trouble.Stalled.Task, "T1's turn hangs");
            host.Kill();
            await host.WaitForExitAsync();
        }

        var session = RealAgentLimitsTests.Journal(plan).Last(e => (string)e["task"]! == "T1")["session_id"]!.ToString();
        File.ReadAllText(Path.Combine(Worktree(plan, "T1"), "one.txt")).Should().Be("alpha\n", "the killed session had written its file");

        var resumed = await HostRun.RunAsync(plan.Repo.Root, ["--resume", "--artifacts", plan.Repo.Artifacts, "--json"], environment);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        var t1 = plan.PhaseFile(4)["output_data"]!["tasks"]!.Single(t => (string)t["id"]! == "T1");
        ((bool)t1["resumed_session"]!).Should().BeTrue();
        ((string)t1["session_id"]!).Should().Be(session);
        ((int)t1["attempts"]!).Should().Be(2);
        var continued = server.Requests.Last(r => r.Body.Contains("run was interrupted", StringComparison.Ordinal)).Body;
        continued.Should().Contain("Create one.txt containing alpha", "the continued session carries the conversation it had");
        File.ReadAllText((string)t1["log_path"]!).Should().Contain($"--resume {session}");
        var fresh = plan.PhaseFile(4)["output_data"]!["tasks"]!.Single(t => (string)t["id"]! == "T2");
        ((long)t1["usage"]!["input_tokens"]!).Should().BePositive("the continued session's own usage is recorded");
        output.WriteLine($"continued session: {t1["usage"]!.ToString(Newtonsoft.Json.Formatting.None)}; a fresh attempt: {fresh["usage"]!.ToString(Newtonsoft.Json.Formatting.None)}");
    }

    private static string Worktree(ThreeFilePlan plan, string task) =>
        (string)RealAgentLimitsTests.Journal(plan).Last(e => (string)e["task"]! == task && e["worktree"] is not null)["worktree"]!;
}
