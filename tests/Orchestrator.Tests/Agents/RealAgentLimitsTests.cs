using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Agents;

/// <summary>Rate and usage limits, with the real pinned CLIs against the fake model servers.</summary>
[Trait("Category", "RealAgents")]
public sealed class RealAgentLimitsTests
{
    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    public async Task A_task_rate_limited_twice_waits_without_using_an_attempt_while_the_others_run_on(string agent)
    {
        var trouble = new FakeTrouble { File = "two.txt", RateLimitTimes = 2 };
        await using var server = agent == "claude"
            ? await AnthropicFake.StartAsync(ModelBehaviour.WriteRequestedFile, trouble)
            : await ResponsesFake.StartAsync(ModelBehaviour.WriteRequestedFile, trouble);
        using var plan = new ThreeFilePlan(agent);
        string[] flags = ["--retries=0", "--retry-delay=1"];

        var result = agent == "claude" ? await RealClaudeTests.RunAsync(plan, server, flags) : await RealCodexTests.RunAsync(plan, server, flags);

        result.ExitCode.Should().Be(0, $"{result}\n{plan.AgentLogs()}");
        trouble.Limited.Should().Be(2);
        JObject.Parse(result.StandardOutput)["tasks"]!.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "merged");
        var tasks = plan.PhaseFile(4)["output_data"]!["tasks"]!.ToDictionary(t => (string)t["id"]!);
        ((int)tasks["T2"]["attempts"]!).Should().Be(1);
        ((int)tasks["T2"]["rate_limited"]!).Should().Be(2);
        result.StandardError.Should().Contain($"T2: {agent} rate-limited: waiting");
        var journal = Journal(plan);
        journal.Count(e => (string)e["task"]! == "T2" && (string)e["status"]! == "ready").Should().Be(2, "each limit sent T2 back to ready");
        DateTime CompletedAt(string id) => (DateTime)journal.Single(e => (string)e["task"]! == id && (string)e["status"]! == "completed")["at"]!;
        foreach (var other in new[] { "T1", "T3" })
        {
            ((int)tasks[other]["rate_limited"]!).Should().Be(0);
            journal.Should().NotContain(e => (string)e["task"]! == other && (string)e["status"]! == "ready", $"{other} was never paused");
            CompletedAt(other).Should().BeBefore(CompletedAt("T2"), $"{other} ran on while T2 waited");
        }
    }

    [Fact]
    public async Task A_claude_task_still_rate_limited_after_its_rate_limit_wait_fails_saying_so()
    {
        var trouble = new FakeTrouble { File = "two.txt", RateLimitTimes = 10 };
        await using var server = await AnthropicFake.StartAsync(ModelBehaviour.WriteRequestedFile, trouble);
        using var plan = new ThreeFilePlan("claude");

        var result = await RealClaudeTests.RunAsync(
            plan, server, "--retries=1", "--retry-delay=1", "--rate-limit-wait=2", "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = plan.PhaseFile(4)["output_data"]!["tasks"]!.ToDictionary(t => (string)t["id"]!);
        ((string)tasks["T2"]["status"]!).Should().Be("failed");
        ((string)tasks["T2"]["error"]!).Should().StartWith("rate-limited 3 times; gave up after waiting 2 s in all (--rate-limit-wait=2): API Error");
        trouble.Limited.Should().Be(3, "no --retries attempt follows giving up");
        ((string)tasks["T1"]["status"]!).Should().Be("completed");
    }

    internal static List<JObject> Journal(ThreeFilePlan plan) =>
        File.ReadAllLines(Path.Combine(plan.Repo.Artifacts, "phase-state", "journal.jsonl")).Select(JObject.Parse).ToList();
}
