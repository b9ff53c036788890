using Newtonsoft.Json.Linq;
using Orchestrator.Agents;
using Orchestrator.Tests.Agents.Fakes;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Agents;

/// <summary>Secrets stay out of what the run writes; task text is data, never shell.</summary>
public sealed class AgentSecurityTests : IDisposable
{
    private const string Secret = "sk-live-very-secret-4242";
    private const string GitHubToken = "ghp_fakeTokenValue123456";
    private readonly TempRepo _repo = new("security");
    private readonly string _records;
    private readonly string _agent;

    public AgentSecurityTests()
    {
        _repo.Write("README.md", "# s\n").Commit("base");
        _records = Directory.CreateDirectory(Path.Combine(_repo.Root, "records")).FullName;
        _agent = RecordingAgent.Write(_repo.Root);
    }

    [Fact]
    public async Task Secrets_in_the_environment_reach_the_agent_but_never_the_logs_prompts_or_artifacts()
    {
        var plan = Plan(("T1", "Call the service with the key from MY_SERVICE_API_KEY"));

        var result = await RunAsync(plan);

        result.ExitCode.Should().Be(0, result.ToString());
        Record("T1")["has_secret"]!.Value<bool>().Should().BeTrue("the environment is passed through to the agent");
        var everything = string.Join('\n', Directory.EnumerateFiles(_repo.Artifacts, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/worktrees/", StringComparison.Ordinal)).Select(File.ReadAllText)) + result.Output;
        everything.Should().NotContain(Secret).And.NotContain(GitHubToken);
        everything.Should().Contain("[redacted MY_SERVICE_API_KEY]").And.Contain("[redacted GITHUB_TOKEN]");
    }

    [Fact]
    public async Task Task_text_with_shell_metacharacters_reaches_the_agent_verbatim_and_runs_nothing()
    {
        const string description = "Say $(touch pwned1) and `touch pwned2` with \"double\" 'single' quotes; touch pwned3 && echo $HOME | cat";
        var plan = Plan(("T1", description));

        var result = await RunAsync(plan);

        result.ExitCode.Should().Be(0, result.ToString());
        var argv = Record("T1")["argv"]!.Values<string>().ToList();
        argv[0].Should().Be("-p");
        argv[1].Should().Contain(description);
        Directory.EnumerateFiles(_repo.Root, "pwned*", SearchOption.AllDirectories).Should().BeEmpty();
        Directory.EnumerateFiles(Environment.CurrentDirectory, "pwned*").Should().BeEmpty();
    }

    [Fact]
    public void Secret_looking_variable_names_are_recognised()
    {
        var redactor = new SecretRedactor(new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-openai-123456789",
            ["GITHUB_TOKEN"] = "ghp_123456789",
            ["AWS_SECRET_ACCESS_KEY"] = "aws/secret/123456",
            ["DB_PASSWORD"] = "hunter2hunter2",
            ["HOME"] = "/root/home-dir",
            ["SHORT_TOKEN"] = "abc",
        });

        redactor.Redact("a sk-openai-123456789 b ghp_123456789 c aws/secret/123456 d hunter2hunter2 e /root/home-dir f abc")
            .Should().Be("a [redacted OPENAI_API_KEY] b [redacted GITHUB_TOKEN] c [redacted AWS_SECRET_ACCESS_KEY] d [redacted DB_PASSWORD] e /root/home-dir f abc");
    }

    private string Plan(params (string Id, string Description)[] tasks) => _repo.WriteScratch("plan.json", new JObject
    {
        ["tasks"] = new JArray(tasks.Select(t => new JObject { ["id"] = t.Id, ["description"] = t.Description, ["files"] = new JArray($"{t.Id}.txt") })),
    }.ToString());

    private Task<CliResult> RunAsync(string plan) => HostRun.RunAsync(
        _repo.Root,
        ["--repo-path", _repo.RepoPath, "--plan", plan, "--artifacts", _repo.Artifacts, "--agent", "claude", "--agent-path", _agent],
        new Dictionary<string, string> { ["FAKE_RECORD_DIR"] = _records, ["MY_SERVICE_API_KEY"] = Secret, ["GITHUB_TOKEN"] = GitHubToken });

    private JObject Record(string task) => JObject.Parse(File.ReadAllText(Path.Combine(_records, $"{task}.json")));

    public void Dispose() => _repo.Dispose();
}
