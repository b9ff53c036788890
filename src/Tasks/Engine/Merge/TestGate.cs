using Orchestrator.Processes;
using Orchestrator.Runs;

namespace Orchestrator.Merge;

/// <summary>
/// Runs the user's test command (through the shell, <see cref="ShellCommand"/>) in a throw-away detached worktree of a commit, within
/// <c>--test-timeout</c>. Results are remembered by tree: the same content is never tested twice.
/// </summary>
public sealed class TestGate(PhaseContext run, string command)
{
    private const int TailLines = 40;
    private readonly Dictionary<string, TestRun> _byTree = [];

    public int Runs { get; private set; }

    public List<TestRun> History { get; } = [];

    public async Task<TestRun> RunAsync(string commit, string purpose, CancellationToken cancellation)
    {
        var tree = await run.Git.RunAsync(["rev-parse", commit + "^{tree}"], cancellation);
        if (_byTree.TryGetValue(tree, out var known))
        {
            return known with { Commit = commit, Purpose = purpose, Reused = true };
        }

        var tested = await ExecuteAsync(commit, purpose, cancellation);
        Runs++;
        History.Add(tested);
        _byTree[tree] = tested;
        run.Log.Info($"Test run {Runs} ({purpose}) on {commit[..12]}: {(tested.Passed ? "passed" : "FAILED")} in {tested.DurationMs} ms");
        return tested;
    }

    private async Task<TestRun> ExecuteAsync(string commit, string purpose, CancellationToken cancellation)
    {
        var path = run.Layout.TestsWorktree;
        await run.Worktrees.AddDetachedAsync(path, commit, cancellation);
        try
        {
            var timeout = run.Settings.TestTimeout;
            var result = await ChildProcess.RunAsync(
                ShellCommand.For(command) with { WorkingDirectory = path, Timeout = timeout },
                cancellation);
            cancellation.ThrowIfCancellationRequested(); // a cancelled suite says nothing about the code: blame no one
            var output = (result.StandardOutput + result.StandardError).Split('\n').ToList();
            if (result.TimedOut)
            {
                output.Add($"[orchestrator] test command timed out after {timeout!.Value.TotalSeconds:0.#}s (--test-timeout)");
            }

            var tail = string.Join('\n', output.TakeLast(TailLines)).Trim();
            return new TestRun(command, commit, result.Succeeded, result.ExitCode, (long)result.Duration.TotalMilliseconds, tail)
            {
                Purpose = purpose,
                TimedOut = result.TimedOut,
            };
        }
        finally
        {
            // Not the run's token: the throw-away worktree goes even when the run was cancelled.
            await run.Worktrees.RemoveAsync(path, CancellationToken.None);
        }
    }
}
