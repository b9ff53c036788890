using Orchestrator.Agents;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// Rate and usage limits: an attempt that hit one does not count; its agent is paused (every attempt of that agent waits
/// before it starts, giving its slot to other tasks meanwhile; other agents run on) until the reset time the CLI gave, else with exponential backoff from
/// <c>--retry-delay</c>. A task waits at most <c>--rate-limit-wait</c> in all; after that it fails saying so.
/// </summary>
internal sealed class AgentPauses(PhaseContext run, TaskSlots slots)
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _pausedUntil = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _waited = new(StringComparer.Ordinal);
    private readonly HashSet<string> _gaveUp = new(StringComparer.Ordinal);

    /// <summary>Whether the task failed because it waited its <c>--rate-limit-wait</c> (a retry would not help).</summary>
    public bool GaveUp(string task)
    {
        lock (_gate)
        {
            return _gaveUp.Contains(task);
        }
    }

    /// <summary>
    /// Attempts until one ends other than on a limit (<paramref name="limitOf"/> says whether the last one hit one),
    /// waiting out the agent's pauses before each.
    /// </summary>
    public async Task<TaskRunStatus> AttemptAsync(
        TaskRun record, Func<Task<TaskRunStatus>> attempt, Func<RateLimit?> limitOf, TaskRecorder recorder, CancellationToken cancellation)
    {
        while (true)
        {
            await WhilePausedAsync(record.Agent ?? "", cancellation);
            var status = await attempt();
            if (limitOf() is not { } limit)
            {
                return status;
            }

            if (Pause(record, limit) is { } gaveUp)
            {
                recorder.Transition(record, TaskRunStatus.Failed, r => r.Error = gaveUp);
                return TaskRunStatus.Failed;
            }
        }
    }

    private async Task WhilePausedAsync(string agent, CancellationToken cancellation)
    {
        while (true)
        {
            TimeSpan left;
            lock (_gate)
            {
                left = _pausedUntil.TryGetValue(agent, out var until) ? until - DateTimeOffset.Now : TimeSpan.Zero;
            }

            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await slots.IdleWhileAsync(() => Task.Delay(left, cancellation));
        }
    }

    /// <summary>Pauses the task's agent; the reason it gives up instead, once the task has waited its cap.</summary>
    private string? Pause(TaskRun record, RateLimit limit)
    {
        var agent = record.Agent ?? "";
        var cap = TimeSpan.FromSeconds(run.Settings.RateLimitWaitSeconds);
        var now = DateTimeOffset.Now;
        TimeSpan wait;
        lock (_gate)
        {
            var waited = _waited.GetValueOrDefault(record.Id);
            var backoff = Max(run.Settings.RetryDelay, ShortestWait) * Math.Pow(2, Math.Max(0, record.RateLimited - 1));
            var wanted = Max(limit.ResetsAt is { } reset ? reset - now : backoff, ShortestWait);
            wait = wanted < cap - waited ? wanted : cap - waited;
            if (wait <= TimeSpan.Zero)
            {
                _gaveUp.Add(record.Id);
                return $"rate-limited {record.RateLimited} times; gave up after waiting {waited.TotalSeconds:0} s in all " +
                    $"(--rate-limit-wait={run.Settings.RateLimitWaitSeconds}): {limit.Evidence}";
            }

            _waited[record.Id] = waited + wait;
            var until = now + wait;
            _pausedUntil[agent] = _pausedUntil.TryGetValue(agent, out var already) && already > until ? already : until;
        }

        run.Log.Warning($"{record.Id}: {agent} rate-limited: waiting {wait.TotalSeconds:0} s (reset {(now + wait).ToLocalTime():HH:mm:ss})");
        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
