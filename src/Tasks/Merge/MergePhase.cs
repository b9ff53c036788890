using Orchestrator.Execution;
using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Merge;

/// <summary>
/// Phase 5: completed task branches merged in dependency order into the run's integration branch with
/// <c>git merge-tree</c>, <c>commit-tree</c> and a compare-and-swap <c>update-ref</c>; no checkout is touched.
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
        var output = new MergeOutput { IntegrationBranch = $"orchestrator/{run.RunId}/integration" };
        var integrationRef = $"refs/heads/{output.IntegrationBranch}";
        var head = execution.BaseCommit;
        await git.RunAsync("update-ref", integrationRef, head);
        var failed = new HashSet<string>();
        foreach (var id in new TaskGraph(plan).TopologicalOrder.Where(id => runs[id].Status == TaskRunStatus.Completed))
        {
            var task = runs[id];
            if (plan[id].DependsOn.FirstOrDefault(failed.Contains) is { } cause)
            {
                failed.Add(id);
                output.Blocked.Add(new BlockedMerge(id, $"depends on {cause}, which was not merged"));
                continue;
            }

            var merged = await IntegrationBranch.MergeAsync(git, integrationRef, head, task.Commit!, $"Merge {id}: {plan[id].Description.Split('\n')[0]}");
            if (merged.Conflict is { } paths)
            {
                failed.Add(id);
                output.Conflicts.Add(new MergeConflict(id, [.. paths]));
                run.Log.WarningLine($"{id} conflicts in {string.Join(", ", paths)}; branch {task.Branch} kept");
                continue;
            }

            head = merged.Head;
            output.Merged.Add(id);
            if (task.Worktree is not null && Directory.Exists(task.Worktree))
            {
                await new Worktrees(git).RemoveAsync(task.Worktree);
            }
        }

        output.IntegrationHead = head;
        run.Log.InfoLine($"Merged {output.Merged.Count} tasks into {output.IntegrationBranch} ({head[..12]}); {output.Conflicts.Count} conflicts");
        if (run.Options.TestCommand is { } command)
        {
            output.Tests = await TestGate.RunAsync(run, command, head);
            output.TestRuns = 1;
            run.Log.InfoLine($"Tests {(output.Tests.Passed ? "passed" : "FAILED")} on {head[..12]}: {command}");
        }

        var problems = new List<string>();
        if (output.Conflicts.Count + output.Blocked.Count > 0)
        {
            problems.Add($"{output.Conflicts.Count + output.Blocked.Count} tasks not merged");
        }

        if (output.Tests is { Passed: false } tests)
        {
            problems.Add($"tests failed (exit {tests.ExitCode}): {tests.OutputTail.Split('\n').LastOrDefault(l => l.Length > 0)}");
        }

        return problems.Count == 0 ? PhaseOutcome.Succeeded(output) : PhaseOutcome.Failed(string.Join("; ", problems), output);
    }
}
