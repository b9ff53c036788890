using Orchestrator.Agents;
using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Pipeline;
using Orchestrator.Planning;
using Orchestrator.Quorum;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Reporting;

/// <summary>
/// One run as its reports show it, read from the saved state and the journal: how it came out, its phases, its tasks and
/// their attempts in time, the quorum's decision and what Merge did. The HTML report, the CI summary and the CI outputs
/// are all drawn from it.
/// </summary>
public sealed class RunPicture
{
    public required string RunId { get; init; }

    public required string RepoPath { get; init; }

    public string? BaseCommit { get; init; }

    /// <summary>"done", "FAILED" or "unfinished" (stopped or killed before it ended, or still running).</summary>
    public required string Verdict { get; init; }

    public bool Success => Verdict == "done";

    public required IReadOnlyList<PhasePicture> Phases { get; init; }

    public required IReadOnlyList<TaskPicture> Tasks { get; init; }

    /// <summary>Every attempt of every task in time, oldest first (Merge's redo of a conflicted task included).</summary>
    public required IReadOnlyList<AttemptBar> Attempts { get; init; }

    public IReadOnlyList<string> CriticalPath { get; init; } = [];

    public QuorumResult? Quorum { get; init; }

    public MergeOutput? Merge { get; init; }

    public AgentUsage? Usage { get; init; }

    public DateTime GeneratedAt { get; init; } = DateTime.UtcNow;

    public long TotalDurationMs => Phases.Sum(p => p.DurationMs);

    public IEnumerable<TaskPicture> FailedTasks => Tasks.Where(t => IsBad(t.Status));

    public static bool IsBad(string status) =>
        status is "failed" or "timeout" or "cancelled" or "blocked" or "conflict" or "test_failed";

    /// <param name="journal">The journal's entries of this run, oldest first.</param>
    internal static RunPicture Of(RunState state, IReadOnlyList<PhaseDeclaration> phases, IReadOnlyList<TaskEvent> journal, RunLayout layout)
    {
        var outputs = new PhaseOutputs(state, phases, anyResult: true);
        var plan = outputs.Find(PlanningPhase.Output);
        var execution = outputs.Find(ParallelExecutionPhase.Output);
        var merge = outputs.Find(MergePhase.Output);
        var runs = execution?.Tasks.ToDictionary(t => t.Id) ?? [];
        var latest = TaskJournal.LatestByTask(journal);
        var attempts = AttemptBar.From(journal, state.CurrentPhase is null ? null : state.SavedAt);
        var attemptsOf = attempts.ToLookup(a => a.Task, StringComparer.Ordinal);
        var tasks = (plan?.Tasks ?? []).Select(t =>
        {
            var run = runs.GetValueOrDefault(t.Id);
            var last = latest.GetValueOrDefault(t.Id);
            var status = run is null && merge is null && last is not null
                ? last.Status.ToString().ToLowerInvariant()
                : RunSummary.StatusOf(t, run, merge);
            return new TaskPicture
            {
                Id = t.Id,
                Description = t.Description,
                Status = status,
                Agent = run?.Agent ?? t.Agent,
                Attempts = run?.Attempts ?? attemptsOf[t.Id].Count(),
                DurationMs = run?.DurationMs ?? 0,
                Usage = run?.Usage,
                ChangedFiles = run?.ChangedFiles ?? [],
                Error = run?.Error ?? merge?.Blocked.FirstOrDefault(b => b.Task == t.Id)?.Reason ?? last?.Error,
                DependsOn = t.DependsOn,
                Story = t.Story,
                PlanPhase = t.PhaseTitle ?? t.Phase?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Branch = run?.Branch ?? last?.Branch,
                StartedAt = run?.StartedAt ?? attemptsOf[t.Id].FirstOrDefault()?.Start,
                CompletedAt = run?.CompletedAt ?? (last is { Status: not (TaskRunStatus.Running or TaskRunStatus.Pending or TaskRunStatus.Ready) } ? last.At : null),
                LogPath = run?.LogPath is { } log ? log : latest.ContainsKey(t.Id) ? layout.LogFile(t.Id) : null,
                LogLink = run?.LogPath is { } path ? Path.GetRelativePath(layout.Artifacts, path).Replace('\\', '/') : null,
                OnCriticalPath = plan!.CriticalPath.Contains(t.Id),
            };
        }).ToList();
        return new RunPicture
        {
            RunId = state.RunId,
            RepoPath = state.RepoPath,
            BaseCommit = state.BaseCommit,
            Verdict = VerdictOf(state, tasks, merge),
            Phases = phases.Select(p => PhasePicture.Of(p, state)).ToList(),
            Tasks = tasks,
            Attempts = attempts,
            CriticalPath = plan?.CriticalPath ?? [],
            Quorum = outputs.Find(QuorumValidationPhase.Output),
            Merge = merge,
            Usage = AgentUsage.Total(runs.Values.Select(r => r.Usage)),
        };
    }

    private static string VerdictOf(RunState state, IReadOnlyList<TaskPicture> tasks, MergeOutput? merge) =>
        state.CurrentPhase is not null ? "unfinished"
        : !RunSummary.IsGreen(state, merge) || tasks.Any(t => IsBad(t.Status)) ? "FAILED"
        : "done";
}

public sealed record PhasePicture(int Number, string Name, string Status, long DurationMs, DateTime? StartedAt, string? Error)
{
    public static PhasePicture Of(PhaseDeclaration phase, RunState state)
    {
        var result = state.Latest(phase.StateName);
        var status = phase.StateName == state.CurrentPhase ? "unfinished"
            : result is null ? "not run"
            : result.Skipped ? "skipped"
            : result.Success ? "ok" : "failed";
        return new PhasePicture(phase.Number, phase.Name, status, result?.DurationMs ?? 0, result?.StartedAt, result?.Error);
    }
}

public sealed record TaskPicture
{
    public required string Id { get; init; }

    public required string Description { get; init; }

    /// <summary>Where it ended up: Merge's word (merged, conflict, test_failed, blocked), else execution's, else the plan's.</summary>
    public required string Status { get; init; }

    public string? Agent { get; init; }

    public int Attempts { get; init; }

    public long DurationMs { get; init; }

    public AgentUsage? Usage { get; init; }

    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    public string? Error { get; init; }

    /// <summary>The task's log file, where it ran.</summary>
    public string? LogPath { get; init; }

    /// <summary>The log file relative to the artifacts folder, with forward slashes.</summary>
    public string? LogLink { get; init; }

    public bool OnCriticalPath { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The plan's user story (spec-kit's [US1]), if it names one.</summary>
    public string? Story { get; init; }

    /// <summary>The plan's own phase the task is listed under (spec-kit's "Phase 2: Foundational"), if any.</summary>
    public string? PlanPhase { get; init; }

    public string? Branch { get; init; }

    public DateTime? StartedAt { get; init; }

    public DateTime? CompletedAt { get; init; }
}
