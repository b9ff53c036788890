using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Tests.Agents.Fakes;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Serve;

/// <summary>
/// <c>--notify-url</c> and <c>--notify-github</c> against receivers of the tests' own on loopback (the fake servers' Kestrel,
/// answering as each spec says).
/// </summary>
public sealed class NotificationTests
{
    [Fact]
    public async Task Each_phase_transition_task_end_and_the_run_end_is_posted_in_order()
    {
        using var plan = new SmallPlan();
        await using var receiver = await FakeModelServer.StartAsync((_, _) => Task.CompletedTask);

        var result = await OrchestratorCli.RunAsync(plan.Repo.Root, plan.Args($"--notify-url={receiver.BaseUrl}/hook"));

        result.ExitCode.Should().Be(0, result.ToString());
        var events = receiver.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
        receiver.Requests.Should().OnlyContain(r => r.Request == "POST /hook");
        var said = events.Select(e => $"{e["event"]} {e["phase"]} {e["task"]}".Trim()).ToList();
        said[0].Should().Be("run_started");
        said[^1].Should().Be("run_ended");
        said.Should().ContainInOrder(
            "phase_started ContextGathering", "phase_ended ContextGathering", "phase_started ParallelExecution",
            "task_ended ParallelExecution T3", "phase_ended ParallelExecution", "phase_started Merge", "phase_ended Merge", "run_ended");
        said.Should().Contain(["task_ended ParallelExecution T1", "task_ended ParallelExecution T2"]);
        said.Count(s => s.StartsWith("phase_ended", StringComparison.Ordinal)).Should().Be(6);
        var runId = (string)events[0]["run_id"]!;
        events.Should().OnlyContain(e => (string?)e["run_id"] == runId && e["at"] != null && ((string?)e["summary"])!.Length > 0);
        var end = events[^1];
        ((string?)end["status"]).Should().Be("done");
        ((string?)end["summary"]).Should().Contain("3 of 3 tasks merged");
        events.Where(e => (string?)e["event"] == "task_ended").Should().OnlyContain(e => (string?)e["status"] == "completed");
    }

    [Fact]
    public async Task A_receiver_that_fails_then_recovers_still_gets_every_event()
    {
        using var plan = new SmallPlan();
        var taken = new ConcurrentQueue<string>();
        var tries = 0;
        await using var receiver = await FakeModelServer.StartAsync(async (context, body) =>
        {
            if (Interlocked.Increment(ref tries) <= 2)
            {
                await FakeModelServer.ServerErrorAsync(context, "{}", 503);
                return;
            }

            taken.Enqueue((string)body!["event"]!);
        });

        var result = await OrchestratorCli.RunAsync(plan.Repo.Root, plan.Args($"--notify-url={receiver.BaseUrl}/"));

        result.ExitCode.Should().Be(0, result.ToString());
        var said = taken.ToList();
        said[0].Should().Be("run_started", "the first event was retried until the receiver took it, before the next was sent");
        said[^1].Should().Be("run_ended");
        said.Count(s => s == "phase_ended").Should().Be(6);
        said.Count(s => s == "task_ended").Should().Be(3);
        result.Output.Should().NotContain("not delivered");
    }

    [Fact]
    public async Task A_dead_receiver_does_not_hold_the_run_past_its_time_limits()
    {
        using var plan = new SmallPlan();
        await using var receiver = await FakeModelServer.StartAsync((context, _) => FakeModelServer.StallAsync(context));
        var clock = Stopwatch.StartNew();

        var result = await OrchestratorCli.RunAsync(plan.Repo.Root, plan.Args($"--notify-url={receiver.BaseUrl}/"));

        clock.Stop();
        result.ExitCode.Should().Be(0, "a notification never fails the run: " + result);
        result.Output.Should().Contain("done: 3 of 3 tasks merged");
        result.Output.Should().Contain("notifications: gave up on those not sent after 15s");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the run waits for a dead receiver 15 s at its end, not 5 s per try per event");
    }

    [Fact]
    public async Task Notify_github_comments_on_the_issue_at_each_phase_end_and_the_run_end()
    {
        using var plan = new SmallPlan();
        var authorizations = new ConcurrentQueue<string>();
        await using var github = await FakeModelServer.StartAsync(async (context, _) =>
        {
            authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            context.Response.StatusCode = 201;
            await context.Response.WriteAsync("{\"id\":1}");
        });
        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghs_fake-token" };

        var result = await OrchestratorCli.RunAsync(
            plan.Repo.Root, plan.Args("--notify-github=octo/app#42", $"--github-api-url={github.BaseUrl}/api/v3"), hostEnvironment: environment);

        result.ExitCode.Should().Be(0, result.ToString());
        var comments = github.Requests.ToList();
        comments.Should().HaveCount(7, "six phase ends and the run's end");
        comments.Should().OnlyContain(c => c.Request == "POST /api/v3/repos/octo/app/issues/42/comments");
        authorizations.Should().OnlyContain(a => a == "Bearer ghs_fake-token");
        var bodies = comments.Select(c => (string)JsonNode.Parse(c.Body)!["body"]!).ToList();
        bodies[0].Should().Contain("phase ended — ContextGathering (succeeded)");
        bodies[^1].Should().Contain("run ended").And.Contain("(done)").And.Contain("3 of 3 tasks merged");
    }

    [Theory]
    [InlineData("--notify-github=octo/app", "error: --notify-github: expected owner/repo#number, got 'octo/app'")]
    [InlineData("--notify-github=octo/app#1", "error: --notify-github: GITHUB_TOKEN is not set")]
    [InlineData("--notify-url=ftp://example.com/x", "error: --notify-url: expected an http or https URL, got 'ftp://example.com/x'")]
    [InlineData("--port=8080", "error: --port: only with --serve or --target=Serve")]
    [InlineData("--serve-host=localhost", "error: --serve-host: only with --serve or --target=Serve")]
    public async Task A_bad_dashboard_or_notification_flag_is_one_line_and_nothing_runs(string flag, string message)
    {
        using var plan = new SmallPlan();

        var result = await OrchestratorCli.RunAsync(plan.Repo.Root, plan.Args(flag));

        result.ExitCode.Should().Be(2);
        result.StandardError.Trim().Should().Be(message);
        Directory.Exists(plan.Repo.Artifacts).Should().BeFalse();
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_2()
    {
        using var repo = new TempRepo("port");
        await using var other = await FakeModelServer.StartAsync((_, _) => Task.CompletedTask);
        var port = new Uri(other.BaseUrl).Port;

        var result = await OrchestratorCli.RunAsync(repo.Root, ["--target=Serve", $"--artifacts={repo.Artifacts}", $"--port={port}"]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().StartWith($"error: --port: cannot listen on 127.0.0.1:{port}: ").And.NotContain("   at ");
    }
}
