using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Merge;

/// <summary>A temp repository and a JSON plan whose tasks are shell one-liners, run through the real host.</summary>
public sealed class MergeRepo : IDisposable
{
    private readonly JArray _tasks = [];

    public MergeRepo(string name, params (string Path, string Content)[] files)
    {
        Repo = new TempRepo(name);
        Repo.Write("README.md", "# merge specs\n");
        foreach (var (path, content) in files)
        {
            Repo.Write(path, content);
        }

        BaseCommit = Repo.Commit("base");
    }

    public TempRepo Repo { get; }

    public string BaseCommit { get; }

    /// <summary>Adds a task whose agent is <c>sh -c &lt;script&gt;</c> run in its worktree.</summary>
    public MergeRepo Task(string id, string script, params string[] dependsOn)
    {
        _tasks.Add(new JObject
        {
            ["id"] = id,
            ["description"] = $"Task {id}",
            ["depends_on"] = new JArray(dependsOn),
            ["parallel"] = true,
            ["command"] = $"sh -c '{script}'",
        });
        return this;
    }

    public CliResult Run(params string[] extra)
    {
        var plan = Repo.WriteScratch("plan.json", new JObject { ["tasks"] = _tasks }.ToString());
        return OrchestratorCli.Run(
            Repo.Root,
            ["--repo-path", Repo.RepoPath, "--plan", plan, "--artifacts", Repo.Artifacts, "--json", "-c", "2", .. extra],
            timeout: TimeSpan.FromMinutes(3));
    }

    /// <summary>The real program as a child process, with <paramref name="environment"/> on top of ours.</summary>
    public CliResult RunWith(IReadOnlyDictionary<string, string> environment, params string[] extra)
    {
        var plan = Repo.WriteScratch("plan.json", new JObject { ["tasks"] = _tasks }.ToString());
        return OrchestratorCli.RunAsync(
            Repo.Root,
            ["--repo-path", Repo.RepoPath, "--plan", plan, "--artifacts", Repo.Artifacts, "--json", "-c", "2", .. extra],
            timeout: TimeSpan.FromMinutes(3),
            environment: environment).GetAwaiter().GetResult();
    }

    public CliResult RunTarget(string target, params string[] extra) =>
        OrchestratorCli.Run(Repo.Root, ["--repo-path", Repo.RepoPath, "--artifacts", Repo.Artifacts, $"--target={target}", .. extra]);

    public JObject MergeOutput() =>
        (JObject)JObject.Parse(File.ReadAllText(Path.Combine(Repo.Artifacts, "phase-state", "05-Merge.json")))["output_data"]!;

    public static IEnumerable<(string Id, string Status)> Statuses(CliResult result) =>
        JObject.Parse(result.StandardOutput)["tasks"]!.Select(t => ((string)t["id"]!, (string)t["status"]!));

    public string Show(string revision, string path) => Repo.Git("show", $"{revision}:{path}");

    public bool Has(string revision, string path) => Repo.Git("ls-tree", "--name-only", revision, path).Length > 0;

    public void Dispose() => Repo.Dispose();
}
