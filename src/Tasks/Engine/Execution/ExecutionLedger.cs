using Orchestrator.Phases;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// The tasks' records during ParallelExecution. Every transition is journaled (flushed to disk) before the run acts on
/// it; state.json is refreshed from the records now and then, and a crash leaves the journal as the truth.
/// </summary>
internal sealed class ExecutionLedger(RunContext run, ExecutionOutput output)
{
    /// <summary>state.json holds the whole plan, so it is rewritten at most this often; the journal has every transition.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly object _gate = new();
    private readonly System.Diagnostics.Stopwatch _sinceSave = System.Diagnostics.Stopwatch.StartNew();
    private readonly Dictionary<string, TaskRun> _records = output.Tasks.ToDictionary(t => t.Id);

    public TaskJournal Journal { get; } = new(run.Store.Directory);

    public ExecutionOutput Output => output;

    public TaskRun this[string id] => _records[id];

    /// <summary>
    /// Worktrees of this run's tasks, which the outside-change guard leaves alone: running ones are their agents' to
    /// change, finished ones are already committed. Checking them all before and after every task would cost
    /// O(tasks²) <c>git status</c> calls; the guard watches the user's own checkouts.
    /// </summary>
    public IEnumerable<string?> TaskWorktrees() =>
        output.Tasks.Select(r => r.Worktree).Where(w => w is not null).Distinct().ToList();

    /// <summary>Applies the transition to the task's record and journals it; completed only once its commit exists.</summary>
    public void Transition(TaskRun record, TaskRunStatus status, Action<TaskRun>? apply = null)
    {
        lock (_gate)
        {
            record.Status = status;
            apply?.Invoke(record);
            var ended = status != TaskRunStatus.Running;
            Journal.Append(new TaskEvent
            {
                RunId = run.RunId,
                Task = record.Id,
                Status = status,
                Attempt = record.Attempts,
                Branch = record.Branch,
                Worktree = record.Worktree,
                BaseCommit = record.BaseCommit,
                Commit = status == TaskRunStatus.Completed ? record.Commit : null,
                ChangedFiles = status == TaskRunStatus.Completed ? record.ChangedFiles : null,
                DurationMs = ended && record.AttemptDurationsMs.Count > 0 ? record.AttemptDurationsMs[^1] : null,
                ExitCode = record.ExitCode,
                Error = ended ? record.Error : null,
            });
            if (ended && _sinceSave.Elapsed >= ProgressInterval)
            {
                SaveProgress();
                _sinceSave.Restart();
            }
        }
    }

    /// <summary>The state.json view of an execution still in progress (phase result not yet successful).</summary>
    private void SaveProgress()
    {
        var progress = PhaseResult.For(PhaseId.ParallelExecution);
        progress.StartedAt = output.StartedAt;
        progress.Error = "in progress";
        progress.OutputData = StateJson.ToToken(output);
        run.State.Record(progress);
        run.Store.SaveProgress(run.State);
    }

    /// <summary>
    /// Rebuilds the records of an interrupted run from the journal: tasks completed (with their commit) stay completed,
    /// every other task goes back to pending, keeping its attempt count.
    /// </summary>
    public IReadOnlyList<TaskRun> Replay()
    {
        var restored = new List<TaskRun>();
        foreach (var entry in Journal.ReadAll().Where(e => e.RunId == run.RunId && _records.ContainsKey(e.Task)))
        {
            var record = _records[entry.Task];
            if (record.Status == TaskRunStatus.Skipped)
            {
                continue;
            }

            record.Attempts = Math.Max(record.Attempts, entry.Attempt);
            record.Branch = entry.Branch ?? record.Branch;
            record.Worktree = entry.Worktree ?? record.Worktree;
            record.BaseCommit = entry.BaseCommit ?? record.BaseCommit;
            record.Status = entry.Status == TaskRunStatus.Completed ? TaskRunStatus.Completed : TaskRunStatus.Pending;
            record.Commit = entry.Status == TaskRunStatus.Completed ? entry.Commit : null;
            record.ChangedFiles = entry.ChangedFiles ?? record.ChangedFiles;
            record.Error = entry.Status == TaskRunStatus.Completed ? null : record.Error;
            if (entry.DurationMs is { } ms && entry.Status != TaskRunStatus.Running)
            {
                record.AttemptDurationsMs.Add(ms);
                record.DurationMs = record.AttemptDurationsMs.Sum();
            }

            restored.Add(record);
        }

        return restored.Distinct().ToList();
    }
}
