using Orchestrator.Git;
using Orchestrator.Phases;
using Orchestrator.Processes;

namespace Orchestrator.Merge;

/// <summary>Runs the user's test command in a throw-away worktree of a commit.</summary>
public static class TestGate
{
    private const int TailLines = 40;

    public static async Task<TestRun> RunAsync(RunContext run, string command, string commit)
    {
        var path = Path.Combine(run.WorktreesDirectory, "_tests");
        var worktrees = new Worktrees(run.Git);
        await worktrees.AddDetachedAsync(path, commit);
        try
        {
            var result = await ChildProcess.RunAsync(
                new ProcessSpec("sh", ["-c", command]) { WorkingDirectory = path, Timeout = run.Options.TaskTimeout },
                run.Cancellation);
            var output = (result.StandardOutput + result.StandardError).Split('\n');
            var tail = string.Join('\n', output.TakeLast(TailLines)).Trim();
            return new TestRun(command, commit, result.Succeeded, result.ExitCode, (long)result.Duration.TotalMilliseconds, tail);
        }
        finally
        {
            await worktrees.RemoveAsync(path);
        }
    }
}
