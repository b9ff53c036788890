using Orchestrator.Execution;
using Orchestrator.Merge;
using Orchestrator.Planning;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// The last line of every run, in words: how many tasks merged, which failed, timed out, were blocked, deferred or
/// conflicted (by id), which completed without changing anything, whether the tests passed, and where the result is.
/// </summary>
internal static class RunOutcome
{
    public static string Describe(
        PreparedRun run, IPhaseOutputs outputs, IReadOnlyList<string> failures, bool stopped)
    {
        var plan = outputs.Find(PlanningPhase.Output);
        var execution = outputs.Find(ParallelExecutionPhase.Output);
        var merge = outputs.Find(MergePhase.Output);
        var last = run.State.PhasesExecuted.LastOrDefault(p => !p.Skipped);
        var parts = new List<string>();
        if (merge is not null && plan is not null)
        {
            var runs = execution?.Tasks.ToDictionary(t => t.Id) ?? [];
            var byStatus = plan.Tasks.Where(t => t.Status != "skipped")
                .GroupBy(t => RunSummary.StatusOf(t, runs.GetValueOrDefault(t.Id), merge))
                .ToDictionary(g => g.Key, g => g.Select(t => t.Id).ToList());
            var total = byStatus.Where(g => g.Key != "deferred").Sum(g => g.Value.Count);
            parts.Add($"{byStatus.GetValueOrDefault("merged")?.Count ?? 0} of {total} tasks merged");
            parts.AddRange(byStatus.Where(g => g.Key != "merged").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key.Replace('_', ' ')}: {string.Join(", ", g.Value)}"));
            parts.AddRange(NoChanges(execution));
            parts.Add(merge.Tests is null ? "no tests run (no --test-command)"
                : merge.Tests.Passed ? $"tests passed ({merge.TestRuns} runs)" : $"tests FAILED (exit {merge.Tests.ExitCode})");
            var head = merge.IntegrationHead.Length >= 12 ? merge.IntegrationHead[..12] : merge.IntegrationHead;
            parts.Add($"result: {merge.IntegrationBranch} at {head} in {run.Settings.RepoPath}");
        }
        else if (execution is not null)
        {
            var here = execution.Tasks.Where(t => !execution.Elsewhere.Contains(t.Id)).ToList();
            var notDone = here.Where(t => t.Status is not (TaskRunStatus.Completed or TaskRunStatus.Skipped))
                .GroupBy(t => t.Status.ToString().ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal);
            parts.Add($"{execution.Completed} of {here.Count(t => t.Status is not (TaskRunStatus.Skipped or TaskRunStatus.Deferred))} tasks completed"
                + (execution.Elsewhere.Count > 0 ? $" ({execution.Elsewhere.Count} more run on other machines)" : ""));
            parts.AddRange(notDone.Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Id))}"));
            parts.AddRange(NoChanges(execution));
            parts.Add($"branches {run.Layout.BranchPrefix + "<task>"} in {run.Settings.RepoPath}; not merged yet (--target=Merge)");
        }
        else if (last is not null)
        {
            parts.Add($"{last.PhaseName} {(last.Success ? "done" : "failed")}" + (plan is not null && last.PhaseName == PlanningPhase.Output.Phase
                ? $" ({plan.Tasks.Count} tasks in {plan.Batches.Count} batches)" : ""));
            parts.Add("no task run yet");
        }

        if (execution?.Usage is { } spent)
        {
            parts.Add($"spend: {spent.Describe()}");
        }

        var failed = run.State.PhasesExecuted.Where(p => !p.Success).Select(p => p.PhaseName).Concat(failures).Distinct().ToList();
        var verdict = stopped ? "stopped" : failures.Count == 0 && RunSummary.IsGreen(run.State, merge) ? "done" : "FAILED";
        var phase = failed.Count > 0 ? $" ({string.Join(", ", failed)} failed)" : "";
        return $"Run {run.RunId} {verdict}{phase}: {string.Join("; ", parts.DefaultIfEmpty("nothing ran"))}";
    }

    /// <summary>The warning about tasks whose agents succeeded without changing anything, when there are any.</summary>
    private static IEnumerable<string> NoChanges(ExecutionOutput? execution) =>
        execution?.Tasks.Where(t => t.Status == TaskRunStatus.Completed && t.NoChanges).Select(t => t.Id).ToList() is { Count: > 0 } ids
            ? [$"WARNING no changes: {string.Join(", ", ids)}"]
            : [];
}
