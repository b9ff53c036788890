using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>A temp repository and a plan of three independent tasks, each asking for one file the fake model writes.</summary>
public sealed class ThreeFilePlan : IDisposable
{
    public const string TestCommand = "grep -qx alpha one.txt && grep -qx beta two.txt && grep -qx gamma three.txt";

    public ThreeFilePlan(string agent)
    {
        Repo.Write("README.md", "# three files\n").Commit("base");
        PlanPath = Repo.WriteScratch("plan.json", $$"""
            {
              "tasks": [
                { "id": "T1", "description": "Create one.txt containing alpha", "files": ["one.txt"], "parallel": true, "agent": "{{agent}}" },
                { "id": "T2", "description": "Create two.txt containing beta", "files": ["two.txt"], "parallel": true, "agent": "{{agent}}" },
                { "id": "T3", "description": "Create three.txt containing gamma", "files": ["three.txt"], "parallel": true, "agent": "{{agent}}" }
              ]
            }
            """);
        Scratch = Directory.CreateDirectory(Path.Combine(Repo.Root, "scratch")).FullName;
    }

    public TempRepo Repo { get; } = new("agents");

    public string PlanPath { get; }

    /// <summary>A folder for the CLIs' own state (config dirs), outside the repository.</summary>
    public string Scratch { get; }

    public IEnumerable<string> Args(params string[] extra) =>
        ["--repo-path", Repo.RepoPath, "--plan", PlanPath, "--artifacts", Repo.Artifacts, "--test-command", TestCommand, "--json", .. extra];

    public JObject PhaseFile(int number) =>
        JObject.Parse(File.ReadAllText(Directory.GetFiles(Path.Combine(Repo.Artifacts, "phase-state"), $"{number:00}-*.json").Single()));

    /// <summary>Every file the run left under artifacts (logs, prompts, state), as text.</summary>
    public string AllArtifactText() => string.Join('\n', Directory.EnumerateFiles(Repo.Artifacts, "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}worktrees{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(File.ReadAllText));

    /// <summary>The agents' logs, for a failure message: what each CLI printed.</summary>
    public string AgentLogs()
    {
        var logs = Path.Combine(Repo.Artifacts, "logs");
        return Directory.Exists(logs)
            ? string.Join('\n', Directory.EnumerateFiles(logs, "*.log", SearchOption.AllDirectories).Order().Select(f => $"--- {f}\n{File.ReadAllText(f)}"))
            : "(no agent logs)";
    }

    public void Dispose() => Repo.Dispose();
}
