using Orchestrator.Execution;
using Orchestrator.Planning;
using Orchestrator.State;

namespace Orchestrator.Distribution;

/// <summary>
/// The machine that merges a run done elsewhere: every task's branch and record fetched from the remote, made into
/// ParallelExecution's result as if the tasks had run here (a task no machine published stays <c>pending</c>).
/// </summary>
public static class FanIn
{
    public static async Task<ExecutionOutput> GatherAsync(RunRemote remote, PlanningOutput planning, string baseCommit, CancellationToken cancellation)
    {
        var records = await remote.FetchRecordsAsync(null, cancellation);
        var plan = planning.Plan;
        var output = new ExecutionOutput { Mode = "distributed", BaseCommit = baseCommit };
        foreach (var planned in planning.Tasks)
        {
            var task = plan[planned.Id];
            var run = new TaskRun
            {
                Id = planned.Id,
                Agent = planned.Agent,
                Status = task.Done ? TaskRunStatus.Skipped : task.Deferred ? TaskRunStatus.Deferred : TaskRunStatus.Pending,
            };
            if (run.Status == TaskRunStatus.Pending && records.GetValueOrDefault(planned.Id) is { } record)
            {
                run.Status = record.Status;
                run.Attempts = record.Attempt;
                run.Branch = record.Branch;
                run.BaseCommit = record.BaseCommit;
                run.Commit = record.Commit;
                run.ChangedFiles = record.ChangedFiles ?? [];
                run.NoChanges = record.NoChanges == true;
                run.DurationMs = record.DurationMs ?? 0;
                run.ExitCode = record.ExitCode;
                run.Error = record.Error;
                if (record.Status == TaskRunStatus.Completed)
                {
                    await remote.AdoptBranchAsync(planned.Id, record.Commit!, cancellation);
                }
            }
            else if (run.Status == TaskRunStatus.Pending)
            {
                run.Error = $"no machine published it on {remote.Name}";
            }

            output.Tasks.Add(run);
        }

        output.MaxConcurrent = output.Tasks.Count;
        return output;
    }
}
