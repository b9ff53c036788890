using System.Diagnostics;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Distribution;

/// <summary>
/// A worker's meeting point with the run's other machines: the tasks of its selection, and for the others the records
/// they published on the remote. A wait polls <c>git ls-remote</c> (cheap: no objects move) with a doubling delay, and
/// fetches only when a record it waits for has appeared.
/// </summary>
public sealed class RemoteMeeting(RunRemote remote, TaskSelection? selection, TimeSpan waitTimeout, IRunLog log) : IRemoteTasks
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(10);

    public IReadOnlySet<string> Select(TaskPlan plan) =>
        selection?.Select(plan) ?? plan.Tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, TaskEvent>> RecordsAsync(IReadOnlyCollection<string> tasks, CancellationToken cancellation) =>
        remote.FetchRecordsAsync(tasks, cancellation);

    public Task AdoptBranchAsync(string taskId, string commit, CancellationToken cancellation) => remote.AdoptBranchAsync(taskId, commit, cancellation);

    public async Task<RemoteWait> WaitForAsync(IReadOnlyList<string> dependencies, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var delay = FirstPoll;
        var told = false;
        while (true)
        {
            IReadOnlyDictionary<string, string> listed;
            IReadOnlyDictionary<string, TaskEvent> records;
            try
            {
                listed = await remote.ListRecordsAsync(cancellation);
                records = dependencies.Any(listed.ContainsKey)
                    ? await remote.FetchRecordsAsync(dependencies, cancellation, listed)
                    : new Dictionary<string, TaskEvent>();
            }
            catch (Git.GitException ex)
            {
                // The remote did not answer this time (a network blip): the next poll asks again, within --wait-timeout.
                log.Warning($"Could not read the records on {remote.Name}: {ex.Message}");
                (listed, records) = (new Dictionary<string, string>(), new Dictionary<string, TaskEvent>());
            }

            if (records.Count > 0)
            {
                if (dependencies.Select(d => records.GetValueOrDefault(d)).FirstOrDefault(r => r is { Status: not TaskRunStatus.Completed }) is { } failed)
                {
                    return new RemoteWait { Blocker = (failed.Task, failed.Status) };
                }

                if (dependencies.All(d => records.GetValueOrDefault(d) is { Commit: not null }))
                {
                    foreach (var dependency in dependencies)
                    {
                        await remote.AdoptBranchAsync(dependency, records[dependency].Commit!, cancellation);
                    }

                    return new RemoteWait { Commits = dependencies.ToDictionary(d => d, d => records[d].Commit!) };
                }
            }

            if (clock.Elapsed >= waitTimeout)
            {
                var missing = dependencies.Where(d => !listed.ContainsKey(d));
                return new RemoteWait
                {
                    Problem = $"waited {waitTimeout.TotalSeconds:0}s (--wait-timeout) for {string.Join(", ", missing)} to reach {remote.Name}",
                };
            }

            if (!told)
            {
                log.Info($"Waiting for {string.Join(", ", dependencies.Where(d => !listed.ContainsKey(d)))} from other machines (on {remote.Name})");
                told = true;
            }

            var pause = delay < waitTimeout - clock.Elapsed ? delay : waitTimeout - clock.Elapsed;
            await Task.Delay(pause > TimeSpan.Zero ? pause : TimeSpan.Zero, cancellation);
            delay = delay * 2 < LongestPoll ? delay * 2 : LongestPoll;
        }
    }

    public Task PublishAsync(TaskEvent record, CancellationToken cancellation) => remote.PublishAsync(record, cancellation);
}
