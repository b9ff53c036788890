using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Serve;

/// <summary>
/// A temp repository and a four-task plan whose T1 waits until the test lets it go (<see cref="Release"/>): T2 is quick,
/// T3 comes after T1 and T4 after T2. Runs are started through the dashboard's API with this body.
/// </summary>
public sealed class GatedPlan : IDisposable
{
    public GatedPlan()
    {
        Repo.Write("README.md", "# gated\n").Commit("base");
        var gate = Path.Combine(Repo.Root, "go-T1");
        PlanPath = Repo.WriteScratch("plan.json", $$"""
            {
              "tasks": [
                { "id": "T1", "description": "Write a.txt once let go", "files": ["a.txt"], "parallel": true, "story": "US1",
                  "command": "sh -c 'echo waiting for the gate; while [ ! -f {{gate}} ]; do sleep 0.1; done; echo alpha > a.txt'" },
                { "id": "T2", "description": "Write b.txt", "files": ["b.txt"], "parallel": true, "command": "sh -c 'echo beta > b.txt'" },
                { "id": "T3", "description": "Copy a.txt into c.txt", "files": ["c.txt"], "depends_on": ["T1"], "command": "sh -c 'cat a.txt > c.txt'" },
                { "id": "T4", "description": "Copy b.txt into d.txt", "files": ["d.txt"], "depends_on": ["T2"], "command": "sh -c 'cat b.txt > d.txt'" }
              ]
            }
            """);
    }

    public TempRepo Repo { get; } = new("gated");

    public string PlanPath { get; }

    /// <summary>The body of <c>POST /api/runs</c> for this plan.</summary>
    public Dictionary<string, object> Body(params (string Field, object Value)[] extra)
    {
        var body = new Dictionary<string, object>
        {
            ["plan"] = PlanPath,
            ["repo_path"] = Repo.RepoPath,
            ["max_concurrent"] = 4,
            ["retries"] = 0,
            ["test_command"] = "test -f b.txt",
        };
        foreach (var (field, value) in extra)
        {
            body[field] = value;
        }

        return body;
    }

    /// <summary>The same run as <see cref="Body"/>, as a command line.</summary>
    public IEnumerable<string> Args() =>
        ["--repo-path", Repo.RepoPath, "--plan", PlanPath, "--artifacts", Repo.Artifacts, "-c", "4", "--retries", "0", "--test-command", "test -f b.txt"];

    public void Release() => File.WriteAllText(Path.Combine(Repo.Root, "go-T1"), "");

    public Task<ServedDashboard> ServeAsync(params string[] extra) => ServedDashboard.StartAsync(Repo.Root, Repo.Artifacts, extra);

    public void Dispose() => Repo.Dispose();
}
