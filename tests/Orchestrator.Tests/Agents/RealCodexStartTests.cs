using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;

namespace Orchestrator.Tests.Agents;

/// <summary>
/// The real codex CLI when it cannot make its sandbox helper's aliases as it starts (what happens when several start
/// at once with one home): here its start is broken on purpose by a home whose <c>tmp</c> is a file.
/// </summary>
[Trait("Category", "RealAgents")]
public sealed class RealCodexStartTests
{
    /// <summary>Starts the real codex, with the broken home for the first <c>BROKEN_STARTS</c> starts of each task.</summary>
    private const string Wrapper = """
        #!/bin/sh
        starts="$FAKE_STARTS_DIR/$ORCH_TASK_ID"
        echo started >> "$starts"
        if [ "$(wc -l < "$starts")" -le "$BROKEN_STARTS" ]; then
          CODEX_HOME="$BROKEN_CODEX_HOME"
          export CODEX_HOME
        fi
        exec "$REAL_CODEX" "$@"
        """;

    [Fact]
    public async Task A_codex_that_could_not_set_up_its_sandbox_helper_is_started_again_and_does_the_task()
    {
        await using var server = await ResponsesFake.StartAsync(ModelBehaviour.WriteRequestedFile);
        using var plan = new ThreeFilePlan("codex");

        var result = await RunAsync(plan, server, brokenStarts: 1);

        result.ExitCode.Should().Be(0, $"{result}\n{plan.AgentLogs()}");
        JObject.Parse(result.StandardOutput)["tasks"]!.Select(t => (string)t["status"]!).Should().OnlyContain(s => s == "merged");
        foreach (var task in new[] { "T1", "T2", "T3" })
        {
            // The good starts share one home, so under load they can race for it as in real use and be restarted too.
            var starts = Starts(plan, task);
            starts.Should().BeGreaterThanOrEqualTo(2, "the broken start was stopped and codex started once more");
            var log = File.ReadAllText(LogOf(plan, task));
            log.Should().Contain("codex start 1 was broken (WARNING: proceeding, even though we could not create PATH aliases: Not a directory");
            Regex.Matches(log, "stopped, starting it again").Count.Should().Be(starts - 1, "every start but the last was a broken one");
        }
    }

    [Fact]
    public async Task A_codex_whose_every_start_is_broken_fails_naming_why_instead_of_completing_with_nothing_done()
    {
        await using var server = await ResponsesFake.StartAsync(ModelBehaviour.WriteRequestedFile);
        using var plan = new ThreeFilePlan("codex");

        var result = await RunAsync(plan, server, brokenStarts: 99, "--retries=0", "--stop-after-phase=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        foreach (var task in plan.PhaseFile(4)["output_data"]!["tasks"]!)
        {
            ((string)task["status"]!).Should().Be("failed");
            ((string)task["error"]!).Should().StartWith("codex could not start properly 3 times: WARNING: proceeding, even though we could not create PATH aliases");
            Starts(plan, (string)task["id"]!).Should().Be(3);
        }
    }

    private static async Task<Support.CliResult> RunAsync(ThreeFilePlan plan, FakeModelServer server, int brokenStarts, params string[] extra)
    {
        var broken = RealCodexTests.WriteHome(plan, server, "broken-codex-home");
        File.WriteAllText(Path.Combine(broken, "tmp"), "a file where codex makes its helpers' folder\n");
        var wrapper = Path.Combine(plan.Scratch, "codex-wrapper.sh");
        File.WriteAllText(wrapper, Wrapper.Replace("\r", "") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return await HostRun.RunAsync(plan.Repo.Root, plan.Args(["--agent-path", wrapper, .. extra]), new Dictionary<string, string>
        {
            ["CODEX_HOME"] = RealCodexTests.WriteHome(plan, server, "codex-home"),
            ["BROKEN_CODEX_HOME"] = broken,
            ["BROKEN_STARTS"] = brokenStarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["REAL_CODEX"] = await AgentClis.PathOfAsync("codex"),
            ["FAKE_STARTS_DIR"] = plan.Scratch,
            ["FAKE_OPENAI_API_KEY"] = RealCodexTests.ApiKey,
        });
    }

    private static int Starts(ThreeFilePlan plan, string task) => File.ReadAllLines(Path.Combine(plan.Scratch, task)).Length;

    private static string LogOf(ThreeFilePlan plan, string task) =>
        Directory.GetFiles(Path.Combine(plan.Repo.Artifacts, "logs"), $"{task}.log", SearchOption.AllDirectories).Single();
}
