using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Reporting;

/// <summary>
/// A temp repository and a three-task plan where T2 always fails: T1 writes a.txt (after <c>slowSeconds</c>), T3 waits
/// for T1 and carries HTML in its description, as untrusted task text may.
/// </summary>
public sealed class WatchedPlan : IDisposable
{
    public const string HostileText = "<img src=x onerror=alert(1)>";

    public WatchedPlan(int slowSeconds = 0)
    {
        Repo.Write("README.md", "# watched\n").Commit("base");
        var sleep = slowSeconds > 0 ? $"sleep {slowSeconds}; " : "";
        PlanPath = Repo.WriteScratch("plan.json", $$"""
            {
              "tasks": [
                { "id": "T1", "description": "Write a.txt", "files": ["a.txt"], "parallel": true, "command": "sh -c 'echo writing alpha; {{sleep}}echo alpha > a.txt'" },
                { "id": "T2", "description": "Write b.txt", "files": ["b.txt"], "parallel": true, "command": "sh -c 'echo T2 went wrong; exit 3'" },
                { "id": "T3", "description": "Copy a.txt into c.txt {{HostileText}}", "files": ["c.txt"], "depends_on": ["T1"], "command": "sh -c 'cat a.txt > c.txt'" }
              ]
            }
            """);
    }

    public TempRepo Repo { get; } = new("watched");

    public string PlanPath { get; }

    public string ReportPath => Path.Combine(Repo.Artifacts, "report.html");

    public IEnumerable<string> Args(params string[] extra) =>
        ["--repo-path", Repo.RepoPath, "--plan", PlanPath, "--artifacts", Repo.Artifacts, "--test-command", "test -f a.txt", "--retry-delay", "0", .. extra];

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? hostEnvironment = null, params string[] extra) =>
        OrchestratorCli.RunAsync(Repo.Root, Args(extra), hostEnvironment: hostEnvironment);

    public string RunId() =>
        Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(Repo.Artifacts, "phase-state", "state.json")))["run_id"]!.ToString();

    public void Dispose() => Repo.Dispose();
}
