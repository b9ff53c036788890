using Orchestrator.Execution;
using Orchestrator.Planning;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Merge;

/// <summary>
/// Phase 5: completed task branches merged in dependency order into the run's integration branch with
/// <c>git merge-tree</c>, <c>commit-tree</c> and a compare-and-swap <c>update-ref</c>; no checkout is touched. Then the
/// tests gate the result (batch with bisection, or after each merge) and --merge-into fast-forwards a real branch.
/// </summary>
public sealed class MergePhase : IPhase
{
    public static readonly PhaseOutput<MergeOutput> Output = new("Merge");

    public PhaseDeclaration Declaration { get; } = new()
    {
        Number = 5,
        Name = "Merge",
        StateName = "MERGE",
        Description = "merge task branches in dependency order, keep conflicts apart, run the tests",
        After = ["ParallelExecution"],
        Reads = [PlanningPhase.Output.Required, ParallelExecutionPhase.Output.Required],
        OnResume = ResumePolicy.RunAgain,
    };

    public async Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation)
    {
        var execution = run.Outputs.Require(ParallelExecutionPhase.Output);
        var plan = run.Outputs.Require(PlanningPhase.Output).Plan;
        var runs = execution.Tasks.ToDictionary(t => t.Id);
        var git = run.Git;
        if (run.Settings.MergeInto is { } target)
        {
            // The pipeline checks this before any phase runs; the branch may have gone since.
            await BranchFastForward.ValidateAsync(git, target, cancellation);
        }

        var strategy = run.Settings.MergeStrategy;
        var output = new MergeOutput
        {
            IntegrationBranch = run.Layout.IntegrationBranch,
            Strategy = strategy.ToString().ToLowerInvariant(),
        };
        var integration = new IntegrationBranch(git, output.IntegrationBranch, run.Log.Warning);
        await integration.StartAsync(execution.BaseCommit, cancellation);
        var merger = new TaskMerger(run, plan, runs, integration, output) { StartHead = execution.BaseCommit };
        var gate = run.Settings.TestCommand is { } command ? new TestGate(run, command) : null;
        var candidates = new TaskGraph(plan).TopologicalOrder.Where(id => runs[id].Status == TaskRunStatus.Completed).ToList();
        if (strategy == MergeStrategy.Each && gate is not null)
        {
            await MergeEachAndTestAsync(merger, integration, gate, candidates, output, cancellation);
        }
        else
        {
            foreach (var id in candidates)
            {
                await merger.MergeAsync(id, cancellation);
            }

            if (gate is not null)
            {
                await new BatchGate(run, gate, merger, output).RunAsync(cancellation);
            }
        }

        output.Merged = [.. merger.MergedTasks];
        output.IntegrationHead = integration.Head;
        output.CasRetries = integration.CasRetries;
        if (gate is not null)
        {
            output.Tests = await gate.RunAsync(integration.Head, "the final integration head", cancellation);
            output.TestRuns = gate.Runs;
            output.TestHistory = gate.History;
        }

        run.Log.Info($"Merged {output.Merged.Count} tasks into {output.IntegrationBranch} ({integration.Head[..12]}); " +
            $"{output.Conflicts.Count} conflicts, {output.TestFailed.Count} failing tests, {output.TestRuns} test runs");
        await RemoveMergedWorktreesAsync(run, runs, output.Merged, cancellation);
        await CheckOutConflictedAsync(run, runs, output.Conflicts, cancellation);

        var problems = Problems(output);
        if (run.Settings.MergeInto is { } branch)
        {
            var everything = execution.NotCompleted == 0 && problems.Count == 0;
            output.MergeIntoSkipped = everything
                ? await BranchFastForward.RunAsync(git, branch, integration.Head, cancellation)
                : $"not everything merged green ({string.Join("; ", problems.DefaultIfEmpty("some tasks did not complete"))}): {branch} left as it is";
            output.MergedInto = output.MergeIntoSkipped is null ? branch : null;
            if (output.MergeIntoSkipped is { } why)
            {
                run.Log.Warning($"--merge-into: {why}");
                problems.Add($"--merge-into: {why}");
            }
            else
            {
                run.Log.Info($"Fast-forwarded {branch} to {integration.Head[..12]}");
            }
        }

        return problems.Count == 0 ? PhaseOutcome.Succeeded(output) : PhaseOutcome.Failed(string.Join("; ", problems), output);
    }

    /// <summary>--merge-strategy=each: test after every merge; a failing merge is rewound at once.</summary>
    private static async Task MergeEachAndTestAsync(
        TaskMerger merger, IntegrationBranch integration, TestGate gate, IReadOnlyList<string> candidates, MergeOutput output,
        CancellationToken cancellation)
    {
        foreach (var id in candidates)
        {
            var (before, stepsBefore) = (integration.Head, merger.Steps.Count);
            if (!await merger.MergeAsync(id, cancellation) || integration.Head == before)
            {
                continue;
            }

            var tested = await gate.RunAsync(integration.Head, $"after {id}", cancellation);
            if (!tested.Passed)
            {
                output.TestFailed.Add(new TestFailure(id, tested.OutputTail));
                merger.Drop(id);
                await merger.RebuildAfterAsync(stepsBefore, $"{id} fails the tests", cancellation);
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

    /// <summary>A conflicted task's checkout, removed when its commit was made, is put back on its branch for a look.</summary>
    private static async Task CheckOutConflictedAsync(
        PhaseContext run, IReadOnlyDictionary<string, TaskRun> runs, IEnumerable<MergeConflict> conflicts, CancellationToken cancellation)
    {
        foreach (var task in conflicts.Select(c => runs[c.Task]))
        {
            if (task is { Worktree: { } path, Branch: { } branch, Commit: { } commit } && !Directory.Exists(path)
                && RunLayout.IsInside(path, run.Layout.WorktreesDirectory))
            {
                await run.Worktrees.AddAsync(path, branch, commit, cancellation);
            }
        }
    }

    private static async Task RemoveMergedWorktreesAsync(
        PhaseContext run, IReadOnlyDictionary<string, TaskRun> runs, IEnumerable<string> merged, CancellationToken cancellation)
    {
        var removed = 0;
        foreach (var id in merged)
        {
            foreach (var path in new[] { runs[id].Worktree, run.Layout.TaskWorktree(RunLayout.RetryName(id)) })
            {
                if (path is not null && Directory.Exists(path))
                {
                    await run.Worktrees.RemoveAsync(path, cancellation, prune: false);
                    removed++;
                }
            }
        }

        if (removed > 0)
        {
            await run.Worktrees.PruneAsync(cancellation);
        }
    }
}
