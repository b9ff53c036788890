namespace Orchestrator.Merge;

/// <summary>Merge's output_data.</summary>
public sealed class MergeOutput
{
    public List<string> Merged { get; set; } = [];

    public List<MergeConflict> Conflicts { get; set; } = [];

    public List<TestFailure> TestFailed { get; set; } = [];

    public List<BlockedMerge> Blocked { get; set; } = [];

    public int TestRuns { get; set; }

    public TestRun? Tests { get; set; }

    public string IntegrationBranch { get; set; } = "";

    public string IntegrationHead { get; set; } = "";

    public string? MergedInto { get; set; }

    /// <summary>A task's status as Merge left it, or null when Merge had nothing to say about it.</summary>
    public string? StatusOf(string taskId) =>
        Merged.Contains(taskId) ? "merged"
        : Conflicts.Any(c => c.Task == taskId) ? "conflict"
        : TestFailed.Any(t => t.Task == taskId) ? "test_failed"
        : Blocked.Any(b => b.Task == taskId) ? "blocked"
        : null;
}

public sealed record MergeConflict(string Task, List<string> Paths);

public sealed record TestFailure(string Task, string OutputTail);

public sealed record BlockedMerge(string Task, string Reason);

public sealed record TestRun(string Command, string Commit, bool Passed, int ExitCode, long DurationMs, string OutputTail);
