using Orchestrator.Execution;
using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Merge;

/// <summary>
/// Phase 5: completed task branches merged in dependency order into the run's integration branch with
/// <c>git merge-tree</c>, <c>commit-tree</c> and a compare-and-swap <c>update-ref</c>; no checkout is touched. Then the
/// tests gate the result (batch with bisection, or after each merge) and --merge-into fast-forwards a real branch.
/// </summary>
public sealed class MergePhase : IPhase
{
    public PhaseId Id => PhaseId.Merge;

    public string Description => "merge task branches in dependency order, keep conflicts apart, run the tests";

    public async Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var execution = run.RequireOutput<ExecutionOutput>(PhaseId.ParallelExecution, Id);
        var plan = run.RequireOutput<PlanningOutput>(PhaseId.Planning, Id).ToPlan();
        var runs = execution.Tasks.ToDictionary(t => t.Id);
        var git = run.Git;
        if (run.Options.MergeInto is { } target)
        {
            await BranchFastForward.ValidateAsync(git, target);
        }

        var strategy = run.Options.MergeStrategy;
        var output = new MergeOutput
        {
            IntegrationBranch = $"orchestrator/{run.RunId}/integration",
            Strategy = strategy.ToString().ToLowerInvariant(),
        };
        var integration = new IntegrationBranch(git, output.IntegrationBranch, run.Log.WarningLine);
        await integration.StartAsync(execution.BaseCommit);
        var merger = new TaskMerger(run, plan, runs, integration, output) { StartHead = execution.BaseCommit };
        var gate = run.Options.TestCommand is { } command ? new TestGate(run, command) : null;
        var candidates = new TaskGraph(plan).TopologicalOrder.Where(id => runs[id].Status == TaskRunStatus.Completed).ToList();
        if (strategy == MergeStrategy.Each && gate is not null)
        {
            await MergeEachAndTestAsync(merger, integration, gate, candidates, output);
        }
        else
        {
            foreach (var id in candidates)
            {
                await merger.MergeAsync(id);
            }

            if (gate is not null)
            {
                await new BatchGate(run, gate, merger, output).RunAsync();
            }
        }

        output.Merged = [.. merger.MergedTasks];
        output.IntegrationHead = integration.Head;
        output.CasRetries = integration.CasRetries;
        if (gate is not null)
        {
            output.Tests = await gate.RunAsync(integration.Head, "the final integration head");
            output.TestRuns = gate.Runs;
            output.TestHistory = gate.History;
        }

        run.Log.InfoLine($"Merged {output.Merged.Count} tasks into {output.IntegrationBranch} ({integration.Head[..12]}); " +
            $"{output.Conflicts.Count} conflicts, {output.TestFailed.Count} failing tests, {output.TestRuns} test runs");
        await RemoveMergedWorktreesAsync(run, runs, output.Merged);

        var problems = Problems(output);
        if (run.Options.MergeInto is { } branch)
        {
            var everything = execution.NotCompleted == 0 && problems.Count == 0;
            output.MergeIntoSkipped = everything
                ? await BranchFastForward.RunAsync(git, branch, integration.Head)
                : $"not everything merged green ({string.Join("; ", problems.DefaultIfEmpty("some tasks did not complete"))}): {branch} left as it is";
            output.MergedInto = output.MergeIntoSkipped is null ? branch : null;
            if (output.MergeIntoSkipped is { } why)
            {
                run.Log.WarningLine($"--merge-into: {why}");
                problems.Add($"--merge-into: {why}");
            }
            else
            {
                run.Log.InfoLine($"Fast-forwarded {branch} to {integration.Head[..12]}");
            }
        }

        return problems.Count == 0 ? PhaseOutcome.Succeeded(output) : PhaseOutcome.Failed(string.Join("; ", problems), output);
    }

    /// <summary>--merge-strategy=each: test after every merge; a failing merge is rewound at once.</summary>
    private static async Task MergeEachAndTestAsync(
        TaskMerger merger, IntegrationBranch integration, TestGate gate, IReadOnlyList<string> candidates, MergeOutput output)
    {
        foreach (var id in candidates)
        {
            var (before, stepsBefore) = (integration.Head, merger.Steps.Count);
            if (!await merger.MergeAsync(id) || integration.Head == before)
            {
                continue;
            }

            var tested = await gate.RunAsync(integration.Head, $"after {id}");
            if (!tested.Passed)
            {
                output.TestFailed.Add(new TestFailure(id, tested.OutputTail));
                merger.Drop(id);
                await merger.RebuildAfterAsync(stepsBefore, $"{id} fails the tests");
            }
        }
    }

    private static List<string> Problems(MergeOutput output)
    {
        var problems = new List<string>();
        var notMerged = output.Conflicts.Select(c => $"{c.Task} conflict")
            .Concat(output.TestFailed.Select(t => $"{t.Task} test_failed"))
            .Concat(output.Blocked.Select(b => $"{b.Task} blocked"))
            .ToList();
        if (notMerged.Count > 0)
        {
            problems.Add($"{notMerged.Count} tasks not merged ({string.Join(", ", notMerged)})");
        }

        if (output.Tests is { Passed: false } tests)
        {
            problems.Add($"tests failed (exit {tests.ExitCode}): {tests.OutputTail.Split('\n').LastOrDefault(l => l.Length > 0)}");
        }

        return problems;
    }

    private static async Task RemoveMergedWorktreesAsync(RunContext run, IReadOnlyDictionary<string, TaskRun> runs, IEnumerable<string> merged)
    {
        var worktrees = new Worktrees(run.Git);
        foreach (var id in merged)
        {
            foreach (var path in new[] { runs[id].Worktree, Path.Combine(run.WorktreesDirectory, $"{id}-retry") })
            {
                if (path is not null && Directory.Exists(path))
                {
                    await worktrees.RemoveAsync(path);
                }
            }
        }
    }
}
