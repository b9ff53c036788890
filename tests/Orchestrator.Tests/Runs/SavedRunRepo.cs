using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Execution;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

/// <summary>
/// A temp repository and a plan whose tasks have no command of their own: the run's settings (agent command, test
/// command, -c) are what drives them, so a later invocation shows whether it restored them.
/// </summary>
public sealed class SavedRunRepo : IDisposable
{
    public const string TestCommand = "test -f T1.txt && test -f T2.txt && test -f T3.txt";

    public SavedRunRepo()
    {
        Exec.Repo.Write("README.md", "# saved\n").Commit("base");
        Release = Path.Combine(Exec.Scratch, "release");
        // T2 waits for a release file, so a spec can stop or kill the run while it is running.
        AgentCommand = Exec.Script("agent.sh", $"""
            if [ "$ORCH_TASK_ID" = T2 ]; then while [ ! -f {Release} ]; do sleep 0.05; done; fi
            echo "$ORCH_TASK_ID" > "$ORCH_TASK_ID.txt"
            """);
        File.WriteAllText(Exec.PlanPath, """
            {
              "tasks": [
                { "id": "T1", "description": "Write T1.txt", "files": ["T1.txt"], "parallel": true },
                { "id": "T2", "description": "Write T2.txt", "files": ["T2.txt"], "parallel": true },
                { "id": "T3", "description": "Write T3.txt", "files": ["T3.txt"], "depends_on": ["T1", "T2"] }
              ]
            }
            """);
    }

    public ExecutionRepo Exec { get; } = new("saved");

    public string Release { get; }

    public string AgentCommand { get; }

    public string Artifacts => Exec.Repo.Artifacts;

    public string StateDirectory => Exec.StateDirectory;

    public IEnumerable<string> NewRunArgs(params string[] extra) => NewRunArgsWith(AgentCommand, extra);

    public IEnumerable<string> NewRunArgsWith(string agentCommand, params string[] extra) =>
    [
        "--repo-path", Exec.Repo.RepoPath, "--plan", Exec.PlanPath, "--artifacts", Artifacts,
        "--agent-command", agentCommand, "--test-command", TestCommand, .. extra,
    ];

    public CliResult Cli(params string[] args) => OrchestratorCli.Run(Exec.Repo.Root, args, timeout: TimeSpan.FromMinutes(3));

    public void ReleaseT2() => File.WriteAllText(Release, "");

    public JObject State() => Exec.State();

    public JObject PhaseFile(string name) => JObject.Parse(File.ReadAllText(Path.Combine(StateDirectory, name)));

    public void Dispose() => Exec.Dispose();
}
