namespace Orchestrator.Merge;

/// <summary>Merge's output_data.</summary>
public sealed class MergeOutput
{
    public List<string> Merged { get; set; } = [];

    public List<MergeConflict> Conflicts { get; set; } = [];

    public List<TestFailure> TestFailed { get; set; } = [];

    public List<BlockedMerge> Blocked { get; set; } = [];

    /// <summary>Times the test command really ran (a content already tested is not run again).</summary>
    public int TestRuns { get; set; }

    /// <summary>The last test run, on the final integration head.</summary>
    public TestRun? Tests { get; set; }

    public string IntegrationBranch { get; set; } = "";

    public string IntegrationHead { get; set; } = "";

    public string? MergedInto { get; set; }

    /// <summary>"batch" or "each".</summary>
    public string Strategy { get; set; } = "batch";

    /// <summary>Conflicted tasks whose agent was run again on the integration head (--on-conflict=retry-sequential).</summary>
    public List<string> Retried { get; set; } = [];

    /// <summary>Times the integration ref had been moved by someone else and a merge was redone on top.</summary>
    public int CasRetries { get; set; }

    /// <summary>Every test run, in order, with what it was for ("batch of 8", "bisect: first 4 of 8", "after T3").</summary>
    public List<TestRun> TestHistory { get; set; } = [];

    /// <summary>Why --merge-into left the branch where it was, when it did.</summary>
    public string? MergeIntoSkipped { get; set; }

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

public sealed record TestRun(string Command, string Commit, bool Passed, int ExitCode, long DurationMs, string OutputTail)
{
    public string Purpose { get; init; } = "";

    public bool TimedOut { get; init; }

    /// <summary>The result of an earlier run on the same tree, not run again.</summary>
    public bool Reused { get; init; }
}
