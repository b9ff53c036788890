using Orchestrator.Execution;
using Orchestrator.Git;
using Orchestrator.Merge;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>The Status target: where the latest run stands, read from its saved state and journal; takes no lock.</summary>
public static class RunStatus
{
    public static async Task PrintAsync(RunRequest request, IReadOnlyList<PhaseDeclaration> phases, IRunLog log, CancellationToken cancellation)
    {
        var store = new StateStore(Path.Combine(request.ArtifactsPath, RunLayout.StateFolder), RunLayout.StateFile);
        var state = store.LoadLatest() ?? throw new InputException($"Status: no saved run in {store.Directory}");
        var layout = new RunLayout(request.ArtifactsPath, state.RunId);
        var outputs = new PhaseOutputs(state, phases, anyResult: true);
        var running = state.CurrentPhase is not null && RunLease.IsHeld(request.ArtifactsPath);
        log.Info($"Run {state.RunId} on {state.RepoPath} (base {state.BaseCommit?[..12]})" +
            (running ? ": running" : state.CurrentPhase is not null ? ": stopped before it finished (--resume goes on)" : ""));
        foreach (var phase in phases)
        {
            var result = state.Latest(phase.StateName);
            var line = result is null ? null
                : result.Skipped ? "skipped"
                : result.Success ? $"ok ({result.DurationMs} ms)"
                : $"failed: {result.Error} ({result.DurationMs} ms)";
            if (phase.StateName == state.CurrentPhase)
            {
                line = running ? "running" : "interrupted";
            }

            if (line is not null)
            {
                log.Info($"  phase {phase.Name,-18} {line}");
            }
        }

        var executing = phases.Single(p => p.Name == ParallelExecutionPhase.Output.Phase).StateName == state.CurrentPhase;
        var tasks = TaskStatuses(state, layout, outputs, executing);
        if (tasks.Count > 0)
        {
            var counts = tasks.Values.GroupBy(t => t.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            log.Info($"  tasks: {string.Join(", ", counts)}");
            foreach (var (id, (status, branch, worktree)) in tasks)
            {
                var place = worktree is not null && Directory.Exists(worktree) ? $"{worktree} ({DiskUsage(worktree) / 1024.0:0.0} KiB)" : "-";
                log.Info($"  {id,-8} {status,-12} {branch ?? "-"}  {place}");
            }
        }

        if (outputs.Find(MergePhase.Output) is { } merge)
        {
            var into = merge.MergedInto is { } branch ? $", fast-forwarded {branch}" : merge.MergeIntoSkipped is { } why ? $", --merge-into: {why}" : "";
            var head = merge.IntegrationHead.Length >= 12 ? merge.IntegrationHead[..12] : "-";
            log.Info($"  integration {merge.IntegrationBranch} at {head}; {merge.TestRuns} test runs{into}");
        }

        var git = new GitCli(state.RepoPath);
        var live = await git.IsRepositoryAsync(cancellation)
            ? (await new Worktrees(git, layout.Deletion).ListAsync(cancellation)).Count(p => RunLayout.IsInside(p, layout.WorktreesDirectory))
            : 0;
        log.Info($"  {live} worktrees, {DiskUsage(layout.WorktreesDirectory) / 1024.0 / 1024.0:0.0} MiB on disk");
        var others = new RunsIndex(layout.RunsIndexPath).ReadAll().Where(r => r.RunId != state.RunId).ToList();
        if (others.Count > 0)
        {
            log.Info($"  {others.Count} earlier runs: {string.Join(", ", others.Select(r => r.RunId))} (--target=Cleanup --run=<id> or --older-than=<days>)");
        }
    }

    /// <summary>Each task's status: Merge's and execution's saved word, or the journal's latest while execution runs.</summary>
    private static SortedDictionary<string, (string Status, string? Branch, string? Worktree)> TaskStatuses(
        RunState state, RunLayout layout, PhaseOutputs outputs, bool executing)
    {
        var tasks = new SortedDictionary<string, (string, string?, string?)>(StringComparer.Ordinal);
        var plan = outputs.Find(Planning.PlanningPhase.Output);
        var execution = outputs.Find(ParallelExecutionPhase.Output);
        var merge = outputs.Find(MergePhase.Output);
        foreach (var task in plan?.Tasks ?? [])
        {
            tasks[task.Id] = (task.Status, null, null);
        }

        if (execution is not null && !executing)
        {
            foreach (var run in execution.Tasks)
            {
                tasks[run.Id] = (merge?.StatusOf(run.Id) ?? run.Status.ToString().ToLowerInvariant(), run.Branch, run.Worktree);
            }

            return tasks;
        }

        foreach (var (task, entry) in TaskJournal.LatestByTask(new TaskJournal(layout.StateDirectory).ReadAll().Where(e => e.RunId == state.RunId)))
        {
            tasks[task] = (entry.Status.ToString().ToLowerInvariant(), entry.Branch, entry.Worktree);
        }

        return tasks;
    }

    internal static long DiskUsage(string directory) =>
        Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Sum(f => f.Length)
            : 0;
}
