using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Architecture;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Safety;

/// <summary>
/// One case of the adversarial suite: a user's repository (two commits), a canary folder beside it that no task may
/// touch, a JSON plan of fault agents (the scripts in <c>Safety/faults</c>) and innocent ones, run through the real
/// command line. <see cref="AssertContained"/> checks what every case must hold: the orchestrator exited 0, 1 (or 2 for
/// refused input) without
/// a stack trace, no process of the case is left, the repository's refs, HEAD, config, hooks and status are as they were
/// (but for files a case lets a fault leave in the checkout, which the run must have reported), the canary is untouched,
/// and <c>git fsck</c> is clean.
/// </summary>
public sealed class SafetyCase : IDisposable
{
    private readonly IReadOnlyList<string> _fingerprint;
    private readonly string _canaryListing;

    public SafetyCase()
    {
        Repo.Write("README.md", "# user's repository\n").Commit("first");
        Repo.Write("src/app.txt", "app\n").Commit("second");
        Directory.CreateDirectory(Canary);
        File.WriteAllText(Path.Combine(Canary, "keep.txt"), "the user's file\n");
        Directory.CreateDirectory(Outside);
        _fingerprint = RepositoryFingerprint();
        _canaryListing = Listing(Canary);
    }

    public TempRepo Repo { get; } = new("safety");

    /// <summary>A folder outside the run, which no task may change.</summary>
    public string Canary => Path.Combine(Repo.Root, "canary");

    /// <summary>A folder outside the run that fault agents may use for their own props (planted hooks).</summary>
    public string Outside => Path.Combine(Repo.Root, "outside");

    public string PlanPath => Path.Combine(Repo.Root, "plan.json");

    public string StateDirectory => Path.Combine(Repo.Artifacts, "phase-state");

    public static string Fault(string name) =>
        Path.Combine(EngineLayoutTests.RepositoryRoot(), "tests", "Orchestrator.Tests", "Safety", "faults", name + ".sh");

    /// <summary>A task running fault script <paramref name="fault"/> with the user's checkout and the outside folder as arguments.</summary>
    public JObject FaultTask(string id, string fault, params string[] dependsOn) => new()
    {
        ["id"] = id,
        ["description"] = $"fault {fault}",
        ["depends_on"] = new JArray(dependsOn),
        ["command"] = $"sh {Fault(fault)} {Repo.RepoPath} {Outside}",
    };

    public JObject InnocentTask(string id, double seconds = 0.3, params string[] dependsOn) => new()
    {
        ["id"] = id,
        ["description"] = "innocent work",
        ["depends_on"] = new JArray(dependsOn),
        ["command"] = $"sh {Fault("innocent")} {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
    };

    public SafetyCase WithPlan(params JObject[] tasks)
    {
        File.WriteAllText(PlanPath, new JObject { ["tasks"] = new JArray(tasks.Cast<object>().ToArray()) }.ToString(Formatting.Indented));
        return this;
    }

    public IEnumerable<string> Args(params string[] extra) =>
        ["--repo-path", Repo.RepoPath, "--plan", PlanPath, "--artifacts", Repo.Artifacts, "--retry-delay=0",
            .. extra.Any(e => e.StartsWith("--retries=", StringComparison.Ordinal)) ? extra : [.. extra, "--retries=0"]];

    /// <summary>Runs the plan in-process up to ParallelExecution (or with <paramref name="extra"/> flags).</summary>
    public CliResult Run(params string[] extra) =>
        OrchestratorCli.Run(Repo.Root, Args(["--stop-after-phase=ParallelExecution", .. extra]), timeout: TimeSpan.FromMinutes(3));

    /// <summary>Runs every phase, Merge included.</summary>
    public CliResult RunToMerge() => OrchestratorCli.Run(Repo.Root, Args(), timeout: TimeSpan.FromMinutes(3));

    public IReadOnlyDictionary<string, JToken> Tasks() =>
        JObject.Parse(File.ReadAllText(Path.Combine(StateDirectory, "04-ParallelExecution.json")))["output_data"]!["tasks"]!
            .ToDictionary(t => (string)t["id"]!, t => t);

    public string Status(string id) => (string)Tasks()[id]["status"]!;

    public string Error(string id) => (string?)Tasks()[id]["error"] ?? "";

    /// <summary>What every case must hold; <paramref name="leftInCheckout"/>: files a fault may leave in the checkout.</summary>
    public void AssertContained(CliResult result, params string[] leftInCheckout)
    {
        result.ExitCode.Should().BeOneOf([0, 1, 2], result.ToString());
        result.Output.Should().NotContain("   at Orchestrator.", "the orchestrator never crashes").And.NotContain("Unhandled exception");
        LeftoverProcesses().Should().BeEmpty("every process a task started is stopped when it ends");
        Allowing(RepositoryFingerprint(), leftInCheckout).Should().Equal(
            Allowing(_fingerprint, leftInCheckout), "nothing outside the run changed but what the case names");
        Listing(Canary).Should().Be(_canaryListing, "the canary folder is untouched");
        Repo.Git("fsck", "--no-progress", "--no-dangling");
    }

    /// <summary>Processes of this case still alive: their environment or working directory names the case's folder.</summary>
    public IReadOnlyList<string> LeftoverProcesses()
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var environ = File.ReadAllText(Path.Combine(dir, "environ"));
                var cwd = new FileInfo(Path.Combine(dir, "cwd")).LinkTarget ?? "";
                if (environ.Contains(Repo.Artifacts, StringComparison.Ordinal) || cwd.StartsWith(Repo.Artifacts, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)} {File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>Refs (the run's own left out), HEAD, config, hooks and status of the user's repository.</summary>
    private List<string> RepositoryFingerprint()
    {
        var git = Path.Combine(Repo.RepoPath, ".git");
        var hooks = Path.Combine(git, "hooks");
        var lines = new List<string>
        {
            "HEAD " + File.ReadAllText(Path.Combine(git, "HEAD")).Trim(),
            "config " + File.ReadAllText(Path.Combine(git, "config")).ReplaceLineEndings("|"),
        };
        lines.AddRange(Repo.Git("for-each-ref", "--format=%(refname) %(objectname)").Split('\n')
            .Where(r => r.Length > 0 && !r.StartsWith("refs/heads/orchestrator/", StringComparison.Ordinal)).Select(r => "ref " + r));
        lines.AddRange(Directory.Exists(hooks) ? Directory.GetFiles(hooks).Select(h => $"hook {Path.GetFileName(h)} {new FileInfo(h).Length}") : []);
        lines.AddRange(Repo.Git("status", "--porcelain=v1", "--untracked-files=all").Split('\n')
            .Where(s => s.Length > 3 && !s[3..].StartsWith("artifacts", StringComparison.Ordinal)).Select(s => "status " + s.Trim()));
        return lines;
    }

    private static List<string> Allowing(IEnumerable<string> lines, IReadOnlyCollection<string> allowed) =>
        lines.Where(line => !allowed.Any(a => line.StartsWith("status ", StringComparison.Ordinal) && line.EndsWith(" " + a, StringComparison.Ordinal))).ToList();

    private static string Listing(string folder) => string.Join('\n', Directory
        .EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
        .Select(p => $"{p} {(File.Exists(p) ? new FileInfo(p).Length + ":" + File.ReadAllText(p).GetHashCode(StringComparison.Ordinal) : "dir")}"));

    public void Dispose() => Repo.Dispose();
}
