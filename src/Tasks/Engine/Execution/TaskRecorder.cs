using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// Applies a task's transitions to its record and journals each one (flushed to disk) before the run acts on it; a
/// <c>completed</c> entry carries the commit, which exists by then. <paramref name="phase"/> is null for ParallelExecution
/// and names any other phase that runs a task (Merge's redo), so ParallelExecution's replay can tell them apart.
/// </summary>
internal sealed class TaskRecorder(PhaseContext run, string? phase)
{
    private readonly object _gate = new();

    public void Transition(TaskRun record, TaskRunStatus status, Action<TaskRun>? apply = null) =>
        Record(record, status, apply, entry =>
        {
            run.Journal.Append(entry);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>
    /// The same, but the journal line is only written when this returns: the task completes once it is on disk, and
    /// the caller awaits it before acting on the transition (what it does meanwhile must be safe to do again).
    /// </summary>
    public Task TransitionAsync(TaskRun record, TaskRunStatus status, Action<TaskRun>? apply = null) =>
        Record(record, status, apply, run.Journal.AppendAsync);

    private Task Record(TaskRun record, TaskRunStatus status, Action<TaskRun>? apply, Func<TaskEvent, Task> journal)
    {
        TaskChanged changed;
        Task durable;
        lock (_gate)
        {
            record.Status = status;
            apply?.Invoke(record);
            var ended = status != TaskRunStatus.Running;
            durable = journal(EntryOf(run.RunId, record, status, phase));
            changed = new TaskChanged(record.Id, status, record.Attempts, record.Agent, phase)
            {
                Error = ended ? record.Error : null,
                DurationMs = ended && record.AttemptDurationsMs.Count > 0 ? record.AttemptDurationsMs[^1] : null,
                Usage = ended ? record.Usage : null,
                LogPath = record.LogPath,
            };
        }

        run.Events.Publish(changed);
        return durable;
    }

    /// <summary>The journal entry of a task's transition to <paramref name="status"/>, as its record says.</summary>
    public static TaskEvent EntryOf(string runId, TaskRun record, TaskRunStatus status, string? phase = null)
    {
        var ended = status != TaskRunStatus.Running;
        return new TaskEvent
        {
            RunId = runId,
            Task = record.Id,
            Status = status,
            Phase = phase,
            Attempt = record.Attempts,
            Branch = record.Branch,
            Worktree = record.Worktree,
            BaseCommit = record.BaseCommit,
            Commit = status == TaskRunStatus.Completed ? record.Commit : null,
            ChangedFiles = status == TaskRunStatus.Completed ? record.ChangedFiles : null,
            NoChanges = status == TaskRunStatus.Completed && record.NoChanges ? true : null,
            DurationMs = ended && record.AttemptDurationsMs.Count > 0 ? record.AttemptDurationsMs[^1] : null,
            ExitCode = record.ExitCode,
            Error = ended ? record.Error : null,
            RateLimited = record.RateLimited > 0 ? record.RateLimited : null,
            SessionId = record.SessionId,
            ResumedSession = record.ResumedSession,
            InputTokens = ended ? record.Usage?.InputTokens : null,
            OutputTokens = ended ? record.Usage?.OutputTokens : null,
            CostUsd = ended ? record.Usage?.CostUsd : null,
        };
    }
}
