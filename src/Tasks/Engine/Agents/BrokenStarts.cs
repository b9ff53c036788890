using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>An agent CLI that can tell, from a line it prints while starting, that this start of it cannot work.</summary>
public interface IBrokenStartRecognizer
{
    /// <summary>Why this start cannot do the task, read from one line of its standard error; null when the line is fine.</summary>
    string? BrokenStartIn(string errorLine);
}

/// <summary>
/// Runs an agent CLI and, when it says while starting that this start is broken (a set-up step that lost a race with
/// another copy of it starting at the same moment), stops it and starts it again after a short, jittered pause: a few
/// starts in all, then the task fails naming why rather than letting a broken agent go through the motions.
/// </summary>
internal static class BrokenStarts
{
    public const int MaxStarts = 3;

    public static async Task<(ProcessResult Process, string? Broken)> RunAsync(
        IBrokenStartRecognizer recognizer, string agentName, ProcessSpec spec, TaskLog log, CancellationToken cancellation)
    {
        for (var start = 1; ; start++)
        {
            string? broken = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var watched = spec with
            {
                OnErrorLine = line =>
                {
                    spec.OnErrorLine?.Invoke(line);
                    if (broken is null && recognizer.BrokenStartIn(line) is { } why)
                    {
                        broken = why;
                        stop.Cancel();
                    }
                },
            };
            var process = await ChildProcess.RunAsync(watched, stop.Token);
            if (broken is null || cancellation.IsCancellationRequested)
            {
                return (process, null);
            }

            if (start == MaxStarts)
            {
                log.Write("orchestrator", $"{agentName} start {start} of {MaxStarts} was broken too ({broken}): the task fails");
                return (process, broken);
            }

            log.Write("orchestrator", $"{agentName} start {start} was broken ({broken}): stopped, starting it again");
            await Task.Delay(TimeSpan.FromMilliseconds((250 * start) + Random.Shared.Next(250)), cancellation);
        }
    }
}
