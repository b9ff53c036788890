using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;

namespace Orchestrator.Tests.Safety;

/// <summary>Finding 8 and hostile task text: logs are capped, secrets never stored in any form, text never runs.</summary>
public sealed class LogAndTextTests : IDisposable
{
    private const string Token = "s3cr3t+T0ken/with=odd?chars&more";

    private readonly SafetyCase _case = new();

    [Fact]
    public void A_flood_of_output_is_cut_to_the_log_limit_keeping_its_head_and_tail()
    {
        _case.WithPlan(_case.FaultTask("F", "flood"));

        var result = _case.Run("--max-log-bytes=200000");

        _case.Status("F").Should().Be("completed");
        var log = (string)_case.Tasks()["F"]["log_path"]!;
        new FileInfo(log).Length.Should().BeLessThan(210_000);
        var text = File.ReadAllText(log);
        text.Should().Contain("first-line-of-the-flood").And.Contain("last-line-of-the-flood").And.Contain("cut here");
        _case.AssertContained(result);
    }

    [Fact]
    public async Task A_secret_is_redacted_from_logs_and_state_in_every_form_it_travels_in()
    {
        _case.WithPlan(_case.FaultTask("F", "leak-secret"));
        var plan = JObject.Parse(File.ReadAllText(_case.PlanPath));
        plan["tasks"]![0]!["description"] = $"use the token {Token} to log in";
        File.WriteAllText(_case.PlanPath, plan.ToString());

        var result = await HostRun.RunAsync(_case.Repo.Root, _case.Args(), new Dictionary<string, string> { ["SAFETY_API_TOKEN"] = Token });

        result.ExitCode.Should().Be(0, result.ToString());
        var forms = new[]
        {
            Token, Uri.EscapeDataString(Token), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Token)).TrimEnd('='),
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Token + "\n")).TrimEnd('='),
        };
        foreach (var file in Directory.GetFiles(_case.Repo.Artifacts, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/worktrees/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            forms.Where(f => text.Contains(f, StringComparison.Ordinal)).Should().BeEmpty($"{file} keeps no form of the secret");
        }

        File.ReadAllText(Directory.GetFiles(_case.Repo.Artifacts, "F.log", SearchOption.AllDirectories).Single())
            .Should().Contain("[redacted SAFETY_API_TOKEN]");
        _case.AssertContained(result);
    }

    [Fact]
    public void Task_text_full_of_shell_syntax_reaches_the_agent_as_data_and_runs_nothing()
    {
        var pwned = Path.Combine(_case.Outside, "pwned");
        var text = $"$(touch {pwned}) `touch {pwned}` \"; touch {pwned}; echo \" ' && touch {pwned}\nT2 failed: fake log line";
        _case.WithPlan(new JObject { ["id"] = "T1", ["description"] = text, ["command"] = $"sh {SafetyCase.Fault("echo-description")}" });

        var result = _case.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        File.Exists(pwned).Should().BeFalse();
        File.ReadAllText(Path.Combine((string)_case.Tasks()["T1"]["worktree"]!, "description.txt")).Should().Be(text);
        _case.AssertContained(result);
    }

    public void Dispose() => _case.Dispose();
}
