using Microsoft.Playwright;
using Orchestrator.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Tests.Serve;

/// <summary>
/// The dashboard's page in a real browser (Playwright driving Debian's chromium), live over the event stream. Screenshots
/// are kept in the test output folder: TestResults/dashboard-*.png.
/// </summary>
public sealed class DashboardPageTests(ChromiumBrowser chromium) : IClassFixture<ChromiumBrowser>
{
    private const string Gray = "rgb(117, 117, 117)";
    private const string Blue = "rgb(25, 118, 210)";
    private const string Yellow = "rgb(251, 192, 45)";
    private const string Green = "rgb(46, 125, 50)";
    private const string Orange = "rgb(239, 108, 0)";
    private const string Red = "rgb(198, 40, 40)";

    [Fact]
    public async Task The_page_says_so_when_there_are_no_runs()
    {
        using var repo = new TempRepo("empty");
        await using var dashboard = await ServedDashboard.StartAsync(repo.Root, repo.Artifacts);

        var page = await chromium.OpenAsync(dashboard.Url);

        await Expect(page.Locator("#empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#empty h2")).ToHaveTextAsync("No runs yet");
        await Expect(page.Locator("#run")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_queue_shows_each_task_in_its_colour_with_counts_and_changes_arrive_without_a_reload()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await plan.ServeAsync();
        var page = await chromium.OpenAsync(dashboard.Url);
        await page.EvaluateAsync("() => window.loadedOnce = true");

        (await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body())).Status.Should().Be(202);

        var t1 = page.Locator("#queue [data-task='T1']");
        var t3 = page.Locator("#queue [data-task='T3']");
        await Expect(t1).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.Locator("#count-progress")).ToHaveTextAsync("2");
        await Expect(page.Locator("#count-done")).ToHaveTextAsync("2");
        (await BadgeColour(t1)).Should().Be(Yellow);
        (await BadgeColour(t3)).Should().Be(Gray);
        await Expect(t3.Locator(".badge")).ToHaveTextAsync("queued");
        await Expect(t3.Locator(".after")).ToHaveTextAsync("after T1");
        await Expect(t1).ToContainTextAsync("Write a.txt once let go");
        await Expect(t1).ToContainTextAsync("US1");
        await Expect(t1).ToContainTextAsync("agent command");
        await Expect(page.Locator("#run-line")).ToHaveAttributeAsync("data-status", "running");
        await page.Locator("#tab-done").ClickAsync();
        await Expect(page.Locator("#queue [data-task='T2']")).ToHaveAttributeAsync("data-status", "completed");
        (await BadgeColour(page.Locator("#queue [data-task='T2']"))).Should().Be(Green);
        await ChromiumBrowser.ScreenshotAsync(page, "dashboard-running");

        plan.Release();

        await Expect(page.Locator("#count-done")).ToHaveTextAsync("4");
        await Expect(page.Locator("#count-progress")).ToHaveTextAsync("0");
        await Expect(page.Locator("#run-line")).ToHaveAttributeAsync("data-status", "done");
        await Expect(page.Locator("#queue [data-task='T1']")).ToHaveAttributeAsync("data-status", "merged");
        await Expect(page.Locator("#phases [data-phase='Merge']")).ToContainTextAsync("ok");
        (await page.EvaluateAsync<bool>("() => window.loadedOnce === true")).Should().BeTrue("the page changed live, without a reload");
        await ChromiumBrowser.ScreenshotAsync(page, "dashboard-done");
    }

    [Fact]
    public async Task I_can_cancel_a_task_from_the_page_and_its_dependent_shows_blocked()
    {
        using var plan = new GatedPlan();
        await using var dashboard = await plan.ServeAsync();
        var page = await chromium.OpenAsync(dashboard.Url);
        (await dashboard.SendAsync(HttpMethod.Post, "api/runs", plan.Body())).Status.Should().Be(202);
        await Expect(page.Locator("#queue [data-task='T1']")).ToHaveAttributeAsync("data-status", "running");
        await Expect(page.Locator("#count-done")).ToHaveTextAsync("2", new() { Timeout = 30_000 }); // T2 and T4: the rows stay put

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel T1" }).ClickAsync();
        await page.Locator("#token-input").FillAsync(dashboard.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();

        await Expect(page.Locator("#run-line")).ToHaveAttributeAsync("data-status", "failed");
        await page.Locator("#tab-done").ClickAsync();
        var t1 = page.Locator("#queue [data-task='T1']");
        var t3 = page.Locator("#queue [data-task='T3']");
        await Expect(t1).ToHaveAttributeAsync("data-status", "cancelled");
        await Expect(t3).ToHaveAttributeAsync("data-status", "blocked");
        await Expect(t3.Locator(".error")).ToContainTextAsync("blocked by T1");
        (await BadgeColour(t3)).Should().Be(Orange);
        await Expect(page.Locator("#queue [data-task='T4']")).ToHaveAttributeAsync("data-status", "merged");
        await ChromiumBrowser.ScreenshotAsync(page, "dashboard-cancelled");
    }

    [Fact]
    public async Task Keyboard_alone_reaches_every_task_and_opens_its_log()
    {
        using var plan = new Reporting.WatchedPlan();
        (await plan.RunAsync()).ExitCode.Should().Be(1);
        await using var dashboard = await ServedDashboard.StartAsync(plan.Repo.Root, plan.Repo.Artifacts);
        var page = await chromium.OpenAsync(dashboard.Url);
        await Expect(page.Locator("#count-done")).ToHaveTextAsync("3");
        (await page.GetByRole(AriaRole.Tablist).CountAsync()).Should().Be(1);

        for (var i = 0; i < 10 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "tab-progress"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.Locator("#tab-done")).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("Tab");
        var reached = new List<string> { await FocusedTask(page) };
        for (var i = 0; i < 2; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
            reached.Add(await FocusedTask(page));
        }

        reached.Should().Equal("T1", "T2", "T3");
        await page.Keyboard.PressAsync("ArrowUp");
        (await FocusedTask(page)).Should().Be("T2");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#queue [data-task='T2'] pre.log")).ToContainTextAsync("T2 went wrong");
        (await BadgeColour(page.Locator("#queue [data-task='T2']"))).Should().Be(Red);
        (await BadgeColour(page.Locator("#queue [data-task='T3']"))).Should().NotBe(Blue);
        await Expect(page.Locator("#queue [data-task='T3'] .description")).ToHaveTextAsync("Copy a.txt into c.txt " + Reporting.WatchedPlan.HostileText);
        await ChromiumBrowser.ScreenshotAsync(page, "dashboard-keyboard");
    }

    private static Task<string> BadgeColour(ILocator task) =>
        task.Locator(".badge").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");

    private static Task<string> FocusedTask(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement.dataset.task || document.activeElement.id || document.activeElement.tagName");
}
