using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Agents.Fakes;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Agents;

/// <summary>Agents configured per repository, chosen round-robin, with usage totals in the results.</summary>
public sealed class AgentConfigurationTests : IDisposable
{
    private readonly TempRepo _repo = new("agentcfg");
    private readonly string _records;
    private readonly string _agent;

    public AgentConfigurationTests()
    {
        _records = Directory.CreateDirectory(Path.Combine(_repo.Root, "records")).FullName;
        _agent = RecordingAgent.Write(_repo.Root);
        _repo.Write("README.md", "# cfg\n")
            .Write(".orchestrator/agents.json", new JObject
            {
                ["claude"] = new JObject { ["path"] = _agent, ["model"] = "opus-test", ["args"] = new JArray("--max-turns", "7"), ["permission_mode"] = "plan" },
                ["codex"] = new JObject { ["path"] = _agent, ["args"] = new JArray("--skip-git-repo-check") },
            }.ToString())
            .Write(".orchestrator/prompts/codex.md", "CODEX HOUSE RULES for {{task_id}}\n{{prompt}}")
            .Commit("base");
    }

    [Fact]
    public async Task Agents_listed_in_agent_take_tasks_in_turn_configured_by_agents_json_with_usage_totals()
    {
        var plan = _repo.WriteScratch("plan.json", """
            {"tasks": [
              {"id": "T1", "description": "first", "parallel": true},
              {"id": "T2", "description": "second", "parallel": true},
              {"id": "T3", "description": "third", "parallel": true}
            ]}
            """);

        var result = await HostRun.RunAsync(
            _repo.Root,
            ["--repo-path", _repo.RepoPath, "--plan", plan, "--artifacts", _repo.Artifacts, "--agent", "claude,codex", "--json"],
            new Dictionary<string, string> { ["FAKE_RECORD_DIR"] = _records });

        result.ExitCode.Should().Be(0, result.ToString());
        var claude = Record("T1")["argv"]!.Values<string>().ToList();
        claude.Should().ContainInConsecutiveOrder("--permission-mode", "plan").And.ContainInConsecutiveOrder("--model", "opus-test")
            .And.ContainInConsecutiveOrder("--max-turns", "7");
        var codex = Record("T2")["argv"]!.Values<string>().ToList();
        codex.Should().StartWith("exec").And.Contain("--skip-git-repo-check");
        codex.Last().Should().StartWith("CODEX HOUSE RULES for T2\n# Task T2");
        Record("T3")["argv"]![0]!.Value<string>().Should().Be("-p", "the third task goes to claude again");
        Record("T1")["tmpdir"]!.Value<string>().Should().NotBe(Record("T3")["tmpdir"]!.Value<string>(), "every run gets its own TMPDIR");

        var execution = JObject.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(_repo.Artifacts, "phase-state"), "04-*.json").Single()))["output_data"]!;
        execution["tasks"]!.Select(t => (string)t["agent"]!).Should().Equal("claude", "codex", "claude");
        execution["usage"]!["input_tokens"]!.Value<long>().Should().Be(210);
        execution["usage"]!["cost_usd"]!.Value<decimal>().Should().Be(0.5m);
        var summary = JObject.Parse(result.StandardOutput);
        summary["usage"]!["output_tokens"]!.Value<long>().Should().Be(22);
        summary["tasks"]![1]!["usage"]!["session_id"]!.Value<string>().Should().Be("th-T2");
    }

    [Fact]
    public async Task A_task_whose_agent_changes_the_main_checkout_fails_with_that_reason()
    {
        var stray = Path.Combine(_repo.RepoPath, "stray.txt");
        var plan = _repo.WriteScratch("plan.json", new JObject
        {
            ["tasks"] = new JArray(
                new JObject { ["id"] = "T1", ["description"] = "inside", ["command"] = "sh -c 'echo ok > inside.txt'" },
                new JObject { ["id"] = "T2", ["description"] = "outside", ["depends_on"] = new JArray("T1"), ["command"] = $"sh -c 'echo bad > {stray}'" }),
        }.ToString());

        var result = await HostRun.RunAsync(
            _repo.Root,
            ["--repo-path", _repo.RepoPath, "--plan", plan, "--artifacts", _repo.Artifacts, "--stop-after-phase=ParallelExecution"],
            new Dictionary<string, string>());

        result.ExitCode.Should().Be(1, result.ToString());
        var tasks = JObject.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(_repo.Artifacts, "phase-state"), "04-*.json").Single()))["output_data"]!["tasks"]!;
        ((string)tasks[0]!["status"]!).Should().Be("completed");
        ((string)tasks[1]!["status"]!).Should().Be("failed");
        ((string)tasks[1]!["error"]!).Should().Be($"changed outside its worktree: {_repo.RepoPath} (stray.txt)");
    }

    [Fact]
    public async Task Commits_an_agent_makes_anyway_are_kept_and_the_rest_is_committed_for_it()
    {
        var plan = _repo.WriteScratch("plan.json", new JObject
        {
            ["tasks"] = new JArray(new JObject
            {
                ["id"] = "T1",
                ["description"] = "commits by itself",
                ["command"] = "sh -c 'echo a > a.txt && git add a.txt && git -c user.name=A -c user.email=a@b commit -qm agent-commit && echo b > b.txt'",
            }),
        }.ToString());

        var result = await HostRun.RunAsync(
            _repo.Root,
            ["--repo-path", _repo.RepoPath, "--plan", plan, "--artifacts", _repo.Artifacts, "--stop-after-phase=ParallelExecution"],
            new Dictionary<string, string>());

        result.ExitCode.Should().Be(0, result.ToString());
        var task = JObject.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(_repo.Artifacts, "phase-state"), "04-*.json").Single()))["output_data"]!["tasks"]![0]!;
        task["changed_files"]!.Values<string>().Should().BeEquivalentTo("a.txt", "b.txt");
        _repo.Git("log", "--format=%s", (string)task["branch"]!).Split('\n').Should().StartWith(["T1: commits by itself", "agent-commit"]);
    }

    private JObject Record(string task) => JObject.Parse(File.ReadAllText(Path.Combine(_records, $"{task}.json")));

    public void Dispose() => _repo.Dispose();
}
