using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>A worker's tasks and the run's shared remote (<see cref="PhaseContext.Remote"/>), before and after the scheduler.</summary>
internal static class SharedProgress
{
    /// <summary>
    /// This machine's tasks already completed on the remote (an earlier run of the same shard, perhaps on another machine)
    /// are taken as they are, not run again; those completed here but not published (killed before the push) are pushed now.
    /// </summary>
    public static async Task SyncAsync(PhaseContext run, IRemoteTasks remote, ExecutionLedger ledger, IReadOnlySet<string> here, CancellationToken cancellation)
    {
        var published = await remote.RecordsAsync(here, cancellation);
        foreach (var record in ledger.Output.Tasks.Where(t => here.Contains(t.Id)))
        {
            var there = published.GetValueOrDefault(record.Id);
            if (record.Status == TaskRunStatus.Completed && (there?.Status != TaskRunStatus.Completed || there.Commit != record.Commit))
            {
                await remote.PublishAsync(TaskRecorder.EntryOf(run.RunId, record, TaskRunStatus.Completed), cancellation);
            }
            else if (record.Status == TaskRunStatus.Pending && there is { Status: TaskRunStatus.Completed, Commit: { } commit })
            {
                await remote.AdoptBranchAsync(record.Id, commit, cancellation);
                ledger.Transition(record, TaskRunStatus.Completed, r =>
                {
                    r.Attempts = Math.Max(r.Attempts, there.Attempt);
                    r.Branch = run.Layout.TaskBranch(record.Id);
                    r.BaseCommit = there.BaseCommit;
                    r.Commit = commit;
                    r.ChangedFiles = there.ChangedFiles ?? [];
                    r.NoChanges = there.NoChanges == true;
                });
                ledger.Output.Resumed++;
                run.Log.Info($"{record.Id} was completed on the remote already ({commit[..12]}): not run again");
            }
        }
    }

    /// <summary>Tasks blocked here by a task that failed here: published too, so their dependents elsewhere stop waiting.</summary>
    public static async Task PublishBlockedAsync(
        PhaseContext run, IRemoteTasks remote, ExecutionLedger ledger, IEnumerable<string> ranHere, CancellationToken cancellation)
    {
        foreach (var record in ranHere.Select(id => ledger[id]).Where(r => r.Status == TaskRunStatus.Blocked && r.Attempts == 0))
        {
            if (!cancellation.IsCancellationRequested)
            {
                await remote.PublishAsync(TaskRecorder.EntryOf(run.RunId, record, TaskRunStatus.Blocked), cancellation);
            }
        }
    }
}
