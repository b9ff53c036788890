using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Support;

/// <summary>A temp repository with a three-task JSON plan whose agents are plain shell commands.</summary>
public sealed class SmallPlan : IDisposable
{
    public const string TestCommand = "test -f a.txt && test -f b.txt && grep -q alpha c.txt && grep -q beta c.txt";

    public SmallPlan()
    {
        Repo.Write("README.md", "# small\n").Commit("base");
        PlanPath = Repo.WriteScratch("plan.json", """
            {
              "tasks": [
                { "id": "T1", "description": "Write a.txt", "files": ["a.txt"], "parallel": true, "command": "sh -c 'echo alpha > a.txt'" },
                { "id": "T2", "description": "Write b.txt", "files": ["b.txt"], "parallel": true, "command": "sh -c 'echo beta > b.txt'" },
                { "id": "T3", "description": "Combine into c.txt", "files": ["c.txt"], "depends_on": ["T1", "T2"], "command": "sh -c 'cat a.txt b.txt > c.txt'" }
              ]
            }
            """);
    }

    public TempRepo Repo { get; } = new("small");

    public string PlanPath { get; }

    public string StateDirectory => Path.Combine(Repo.Artifacts, "phase-state");

    public IEnumerable<string> Args(params string[] extra) =>
        ["--repo-path", Repo.RepoPath, "--plan", PlanPath, "--artifacts", Repo.Artifacts, "--test-command", TestCommand, .. extra];

    public IEnumerable<string> ArgsWithoutPlan(params string[] extra) =>
        ["--repo-path", Repo.RepoPath, "--artifacts", Repo.Artifacts, "--test-command", TestCommand, .. extra];

    public CliResult Run(params string[] extra) => OrchestratorCli.Run(Repo.Root, Args(extra));

    public JObject State() => JObject.Parse(File.ReadAllText(Path.Combine(StateDirectory, "state.json")));

    public JObject PhaseFile(int number) =>
        JObject.Parse(File.ReadAllText(Directory.GetFiles(StateDirectory, $"{number:00}-*.json").Single()));

    public IEnumerable<string> PhaseFiles() =>
        Directory.GetFiles(StateDirectory, "0*.json").Select(Path.GetFileName).Order()!;

    public void Dispose() => Repo.Dispose();
}
