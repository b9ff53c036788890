using System.Text.Json.Nodes;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Serve;

/// <summary>The dashboard's API over real HTTP on loopback, with runs started, stopped, resumed and cancelled through it.</summary>
public sealed class ControlApiTests
{
    [Fact]
    public async Task The_api_lists_a_finished_run_with_its_detail_and_queue()
    {
        using var plan = new SmallPlan();
        plan.Run().ExitCode.Should().Be(0);
        await using var dashboard = await ServedDashboard.StartAsync(plan.Repo.Root, plan.Repo.Artifacts);

        var runs = (await dashboard.GetAsync("api/runs")).AsArray();
        var queue = (await dashboard.GetAsync("api/queue")).AsArray();

        runs.Should().ContainSingle();
        var run = runs[0]!;
        var runId = (string)run["run_id"]!;
        ((string?)run["status"]).Should().Be("done");
        ((int)run["tasks_total"]!).Should().Be(3);
        ((int)run["tasks_by_status"]!["merged"]!).Should().Be(3);
        run["completed_at"].Should().NotBeNull();
        var detail = await dashboard.GetAsync($"api/runs/{runId}");
        ((string?)detail["settings"]!["test_command"]).Should().Be(SmallPlan.TestCommand);
        detail["phases"]!.AsArray().Select(p => (string?)p!["status"]).Should().Equal("ok", "ok", "ok", "ok", "ok", "ok");
        detail["tasks"]!.AsArray().Should().HaveCount(3);
        queue.Select(t => (string?)t!["id"]).Should().Equal("T1", "T2", "T3");
        queue[2]!["depends_on"]!.AsArray().Select(d => (string?)d).Should().Equal("T1", "T2");
        queue.Should().OnlyContain(t => (string?)t!["status"] == "merged" && ((string?)t["branch"])!.EndsWith((string)t["id"]!));
        (await dashboard.SendAsync(HttpMethod.Get, "api/runs/no-such-run")).Status.Should().Be(404);
        (await dashboard.Http.GetStringAsync("/")).Should().Contain("<title>Orchestrator queue</title>");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(plan.Repo.Artifacts, "serve.token")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        dashboard.Url.Host.Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task I_can_start_a_run_and_its_events_arrive_live_while_a_second_start_is_refused()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await plan.ServeAsync();
        using var events = await dashboard.EventsAsync();

        var (status, body) = await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body());

        status.Should().Be(202, body?.ToJsonString());
        var runId = (string)body!["run_id"]!;
        await events.WaitForAsync(EventStream.TaskIs("T1", "running"));
        await events.WaitForAsync(EventStream.TaskIs("T2", "completed"));
        var again = await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body());
        again.Status.Should().Be(409);
        ((string?)again.Body!["run_id"]).Should().Be(runId);
        ((string?)(await dashboard.GetAsync("api/runs"))[0]!["status"]).Should().Be("running");
        var running = (await dashboard.GetAsync("api/queue")).AsArray().Single(t => (string?)t!["id"] == "T1")!;
        ((string?)running["status"]).Should().Be("running");
        plan.Release();
        var ended = await events.WaitForAsync(EventStream.Type("run_ended"));

        ((bool)ended["success"]!).Should().BeTrue(ended.ToJsonString());
        events.Seen.Should().Contain(e => (string?)e["type"] == "task_output" && (string?)e["task"] == "T1" && (string?)e["line"] == "waiting for the gate");
        var order = events.Seen.Where(e => (string?)e["type"] != "task_output")
            .Select(e => (string?)e["type"] == "task_changed" ? $"{e["task"]} {e["status"]}" : $"{e["type"]} {e["phase"]}".Trim()).ToList();
        order.Should().ContainInOrder("T1 running", "T1 completed", "T3 running", "T3 completed", "phase_started Merge", "phase_ended Merge", "run_ended");
        events.Seen.Should().OnlyContain(e => (string?)e["run_id"] == runId);
        ((string?)(await dashboard.GetAsync($"api/runs/{runId}"))["status"]).Should().Be("done");
    }

    [Fact]
    public async Task Mutations_need_the_token_and_a_bad_body_is_400_naming_the_field()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await plan.ServeAsync();

        (await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body(), withToken: false)).Status.Should().Be(401);
        (await dashboard.SendAsync(HttpMethod.Delete, "api/queue/T1", withToken: false)).Status.Should().Be(401);
        (await dashboard.SendAsync(HttpMethod.Post, "api/runs/x/stop", withToken: false)).Status.Should().Be(401);
        foreach (var (body, field) in new (object Body, string? Field)[]
        {
            (plan.Body(("max_concurrent", "zero")), "max_concurrent"),
            (plan.Body(("plan", Path.Combine(plan.Repo.Root, "missing.json"))), "plan"),
            (plan.Body(("agent", "no-such-agent")), "agent"),
            (plan.Body(("test_command", "echo 'unbalanced")), "test_command"),
            (plan.Body(("artifacts", "/tmp/elsewhere")), "artifacts"),
            (plan.Body(("target", "Serve")), "target"),
            (new Dictionary<string, object> { ["plan"] = plan.PlanPath }, "repo_path"),
            ("[1, 2]", null),
        })
        {
            var (status, answer) = await dashboard.SendAsync(HttpMethod.Post, "api/runs", body);
            status.Should().Be(400, answer?.ToJsonString());
            ((string?)answer!["field"]).Should().Be(field, answer.ToJsonString());
            ((string?)answer["error"]).Should().NotBeNullOrEmpty().And.NotContain("   at ");
        }

        Directory.Exists(Path.Combine(plan.Repo.Artifacts, "phase-state")).Should().BeFalse("bad input creates nothing");
    }

    [Fact]
    public async Task I_can_stop_a_run_and_resume_it_through_the_api()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await plan.ServeAsync();
        using var events = await dashboard.EventsAsync();
        var runId = (string)(await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body())).Body!["run_id"]!;
        await events.WaitForAsync(EventStream.TaskIs("T1", "running"));
        await events.WaitForAsync(EventStream.TaskIs("T2", "completed"));

        var stop = await dashboard.SendAsync(HttpMethod.Post, $"api/runs/{runId}/stop");

        stop.Status.Should().Be(202);
        var stopped = await events.WaitForAsync(EventStream.Type("run_ended"));
        ((bool)stopped["stopped"]!).Should().BeTrue();
        ((string?)(await dashboard.GetAsync($"api/runs/{runId}"))["status"]).Should().Be("stopped");
        (await dashboard.SendAsync(HttpMethod.Post, $"api/runs/{runId}/stop")).Status.Should().Be(409, "it is not running any more");
        plan.Release();
        var resume = await dashboard.SendAsync(HttpMethod.Post, $"api/runs/{runId}/resume");
        resume.Status.Should().Be(202, resume.Body?.ToJsonString());
        ((string?)resume.Body!["run_id"]).Should().Be(runId);
        var ended = await events.WaitForAsync(EventStream.Type("run_ended"));
        ((bool)ended["success"]!).Should().BeTrue(ended.ToJsonString());
        events.Seen.Where(EventStream.TaskIs("T2", "running").Invoke).Should().ContainSingle("T2 completed before the stop and is not done again");
        (await dashboard.GetAsync("api/queue")).AsArray().Should().OnlyContain(t => (string?)t!["status"] == "merged");
    }

    [Fact]
    public async Task I_can_cancel_one_task_its_dependents_are_blocked_and_the_others_complete()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await plan.ServeAsync();
        using var events = await dashboard.EventsAsync();
        (await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body())).Status.Should().Be(202);
        await events.WaitForAsync(EventStream.TaskIs("T1", "running"));

        var cancel = await dashboard.SendAsync(HttpMethod.Delete, "api/queue/T1");

        cancel.Status.Should().Be(202, cancel.Body?.ToJsonString());
        await events.WaitForAsync(EventStream.Type("run_ended"));
        var queue = (await dashboard.GetAsync("api/queue")).AsArray().ToDictionary(t => (string)t!["id"]!, t => t!);
        ((string?)queue["T1"]["status"]).Should().Be("cancelled");
        ((string?)queue["T3"]["status"]).Should().Be("blocked");
        ((string?)queue["T3"]["error"]).Should().Contain("T1");
        ((string?)queue["T2"]["status"]).Should().Be("merged");
        ((string?)queue["T4"]["status"]).Should().Be("merged");
        (await dashboard.SendAsync(HttpMethod.Delete, "api/queue/T2")).Status.Should().Be(409, "the run has ended");
        (await dashboard.SendAsync(HttpMethod.Delete, "api/queue/T9")).Status.Should().Be(404);
    }

    [Fact]
    public async Task A_command_line_run_with_serve_can_be_watched_and_stopped_from_the_api()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await ServedDashboard.AlongsideAsync(plan.Repo.Root, plan.Repo.Artifacts, plan.Args());
        using var events = await dashboard.EventsAsync();
        var running = await events.WaitForAsync(EventStream.TaskIs("T1", "running"));
        var runId = (string)running["run_id"]!;
        (await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body())).Status.Should().Be(409, "this run is running");

        var stop = await dashboard.SendAsync(HttpMethod.Post, $"api/runs/{runId}/stop");

        stop.Status.Should().Be(202, stop.Body?.ToJsonString());
        (await dashboard.Ended.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(130, dashboard.Output);
        dashboard.Output.Should().Contain($"Run {runId} stopped");
    }
}
