using Orchestrator.Guards;
using Orchestrator.Plans;

namespace Orchestrator.Runs;

/// <summary>
/// The one owner of every path and ref name of a run: what lies where under the artifacts folder, and which branches
/// are the run's. Nothing else spells <c>orchestrator/&lt;run&gt;/…</c> or a folder name under the artifacts.
/// </summary>
public sealed class RunLayout
{
    public const string StateFolder = "phase-state";
    public const string StateFile = "state.json";
    public const string JournalFile = State.TaskJournal.FileName;
    public const string RunsIndexFile = "runs.json";
    private const string BranchRoot = "orchestrator";

    private const string SequentialName = "sequential";
    private const string CloneName = "clone";
    private const string TestsName = "_tests";
    private const string ProbeName = ".probe";
    private const string RetrySuffix = "-retry";

    public RunLayout(string artifactsPath, string runId)
    {
        Artifacts = Path.GetFullPath(artifactsPath);
        RunId = TaskId.IsValid(runId) ? runId : throw new InputException($"the run id {TaskId.Printable(runId)} is not a short identifier");
        Deletion = new ContainedDeletion(Artifacts);
    }

    /// <summary>The only way the run deletes anything: inside the artifacts folder, never through a link.</summary>
    public ContainedDeletion Deletion { get; }

    public string Artifacts { get; }

    public string RunId { get; }

    public string StateDirectory => Path.Combine(Artifacts, StateFolder);

    public string RunsIndexPath => Path.Combine(StateDirectory, RunsIndexFile);

    public string PhaseFile(PhaseDeclaration phase) => Path.Combine(StateDirectory, phase.StateFileName);

    public string ContextCacheDirectory => Path.Combine(Artifacts, "context-cache");

    public string CompletionsDirectory => Path.Combine(Artifacts, "completions");

    public string PromptsDirectory => Path.Combine(Artifacts, "prompts", RunId);

    public string LogsDirectory => Path.Combine(Artifacts, "logs", RunId);

    public string QuorumDirectory => Path.Combine(Artifacts, "quorum", RunId);

    /// <summary>Where the outside-change guard keeps what it took away from the repository (a planted config or hook).</summary>
    public string QuarantineDirectory => Path.Combine(Artifacts, "quarantine", RunId);

    /// <summary>Every run's HTML report, by run id.</summary>
    public string ReportsDirectory => Path.Combine(Artifacts, "reports");

    public string ReportFile => Path.Combine(ReportsDirectory, RunId + ".html");

    /// <summary>The latest run's report, at the top of the artifacts folder.</summary>
    public string LatestReport => Path.Combine(Artifacts, "report.html");

    public string WorktreesDirectory => Path.Combine(Artifacts, "worktrees", RunId);

    public string PromptFile(string name) => Inside(Path.Combine(PromptsDirectory, Segment(name) + ".md"));

    public string LogFile(string name) => Inside(Path.Combine(LogsDirectory, Segment(name) + ".log"));

    public string TaskWorktree(string taskId) => Inside(Path.Combine(WorktreesDirectory, Segment(taskId)));

    /// <summary>The one worktree all tasks share in sequential mode.</summary>
    public string SequentialWorktree => Path.Combine(WorktreesDirectory, SequentialName);

    /// <summary>The one local clone tasks share when the repository refuses worktrees.</summary>
    public string SharedClone => Path.Combine(WorktreesDirectory, CloneName);

    /// <summary>The throw-away worktree the test command runs in.</summary>
    public string TestsWorktree => Path.Combine(WorktreesDirectory, TestsName);

    /// <summary>The throw-away worktree that tells whether worktrees can be made at all.</summary>
    public string ProbeWorktree => Path.Combine(WorktreesDirectory, ProbeName);

    /// <summary>The name a task's redo on the integration head goes by (its branch, worktree, prompt and log).</summary>
    public static string RetryName(string taskId) => taskId + RetrySuffix;

    public string BranchPrefix => $"{BranchRoot}/{RunId}/";

    public string RefPrefix => "refs/heads/" + BranchPrefix;

    public string TaskBranch(string name) => BranchPrefix + Segment(name);

    public string IntegrationBranch => BranchPrefix + "integration";

    /// <summary>Whether <paramref name="reference"/> (a full ref name) is one of this run's branches.</summary>
    public bool IsRunRef(string reference) =>
        reference.StartsWith(RefPrefix, StringComparison.Ordinal) && !reference[RefPrefix.Length..].Contains("..", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="path"/> lies inside <paramref name="folder"/> (or is it).</summary>
    public static bool IsInside(string path, string folder) => ContainedDeletion.IsInside(path, folder);

    // Names become one path segment and one ref component: a task id (or its redo's name), nothing else.
    private static string Segment(string name) =>
        TaskId.IsValid(name.EndsWith(RetrySuffix, StringComparison.Ordinal) ? name[..^RetrySuffix.Length] : name)
            ? name
            : throw new InputException($"{TaskId.Printable(name)} cannot be used as a task name in paths and branches");

    // A second fence behind the names' rule: whatever the run hands out to write lies inside the artifacts folder.
    private string Inside(string path) => IsInside(path, Artifacts) && path != Artifacts ? path
        : throw new UnsafePathException($"refused {path}: it is not inside the artifacts folder {Artifacts}");
}
