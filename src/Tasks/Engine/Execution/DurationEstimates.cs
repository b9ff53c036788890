using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// How long a task is expected to take, for critical-path priorities: its own <c>estimate_seconds</c>, else the median
/// of its completed durations in earlier runs in the journal, else 1 second.
/// </summary>
internal sealed class DurationEstimates
{
    private readonly IReadOnlyDictionary<string, double> _history;

    private DurationEstimates(IReadOnlyDictionary<string, double> history) => _history = history;

    public static DurationEstimates FromJournal(IEnumerable<TaskEvent> journal, string currentRunId) => new(
        journal
            .Where(e => e.RunId != currentRunId && e.Status == TaskRunStatus.Completed && e.DurationMs is not null)
            .GroupBy(e => e.Task)
            .ToDictionary(g => g.Key, g => Median(g.Select(e => e.DurationMs!.Value / 1000.0).ToList())));

    public double Of(PlanTask task) => task.EstimateSeconds ?? _history.GetValueOrDefault(task.Id, 1);

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
