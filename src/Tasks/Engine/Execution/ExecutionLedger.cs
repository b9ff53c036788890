using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// The tasks' records during ParallelExecution. Every transition is journaled (flushed to disk) before the run acts on
/// it: while the phase runs the journal is the record, and a crash leaves it as the truth.
/// </summary>
internal sealed class ExecutionLedger(PhaseContext run, ExecutionOutput output)
{
    private readonly Dictionary<string, TaskRun> _records = output.Tasks.ToDictionary(t => t.Id);

    public TaskRecorder Recorder { get; } = new(run, phase: null);

    public ExecutionOutput Output => output;

    public TaskRun this[string id] => _records[id];

    public void Transition(TaskRun record, TaskRunStatus status, Action<TaskRun>? apply = null) =>
        Recorder.Transition(record, status, apply);

    /// <summary>
    /// Rebuilds the records from this run's ParallelExecution entries in <paramref name="journal"/> (entries another
    /// phase recorded are not this phase's): tasks completed (with their commit) stay completed, every other task goes
    /// back to pending, keeping its attempt count.
    /// </summary>
    public IReadOnlyList<TaskRun> Replay(IEnumerable<TaskEvent> journal)
    {
        var restored = new List<TaskRun>();
        foreach (var entry in journal.Where(e => e.RunId == run.RunId && e.Phase is null && _records.ContainsKey(e.Task)))
        {
            var record = _records[entry.Task];
            if (record.Status is TaskRunStatus.Skipped or TaskRunStatus.Deferred)
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
            record.NoChanges = entry.NoChanges == true;
            record.Error = entry.Status == TaskRunStatus.Completed ? null : record.Error;
            record.RateLimited = entry.RateLimited ?? record.RateLimited;
            record.SessionId = entry.SessionId ?? (entry.Status == TaskRunStatus.Running ? null : record.SessionId);
            record.ResumedSession = entry.ResumedSession ?? record.ResumedSession;
            record.Interrupted = entry.Status == TaskRunStatus.Running;
            if (entry.InputTokens is not null && entry.Status != TaskRunStatus.Running)
            {
                record.Usage = new Agents.AgentUsage
                {
                    InputTokens = entry.InputTokens.Value,
                    OutputTokens = entry.OutputTokens ?? 0,
                    CostUsd = entry.CostUsd,
                    SessionId = entry.SessionId,
                };
            }

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
