using Orchestrator.Processes;

namespace Orchestrator.Git;

/// <summary>The real git command line, run in one repository or worktree. Every call takes the run's cancellation.</summary>
public sealed class GitCli(string workingDirectory)
{
    private static readonly IReadOnlyDictionary<string, string?> QuietEnvironment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["LC_ALL"] = "C",
        ["GIT_AUTHOR_NAME"] = "Orchestrator",
        ["GIT_AUTHOR_EMAIL"] = "orchestrator@localhost",
        ["GIT_COMMITTER_NAME"] = "Orchestrator",
        ["GIT_COMMITTER_EMAIL"] = "orchestrator@localhost",
    };

    public string WorkingDirectory { get; } = Path.GetFullPath(workingDirectory);

    public GitCli In(string directory) => new(directory);

    /// <summary>Runs git and returns its trimmed standard output; throws <see cref="GitException"/> on a non-zero exit.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var result = await TryRunAsync(arguments, cancellation);
        cancellation.ThrowIfCancellationRequested();
        if (result.ExitCode != 0)
        {
            throw new GitException(arguments, result);
        }

        return result.StandardOutput.TrimEnd('\n', '\r');
    }

    public Task<ProcessResult> TryRunAsync(IReadOnlyList<string> arguments, CancellationToken cancellation, string? standardInput = null) =>
        ChildProcess.RunAsync(
            new ProcessSpec("git", arguments)
            {
                WorkingDirectory = WorkingDirectory,
                Environment = QuietEnvironment,
                StandardInput = standardInput,
            },
            cancellation);

    public async Task<IReadOnlyList<string>> LinesAsync(IReadOnlyList<string> arguments, CancellationToken cancellation) =>
        (await RunAsync(arguments, cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<string?> ResolveAsync(string revision, CancellationToken cancellation)
    {
        var result = await TryRunAsync(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellation);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The repository's shared .git folder (the same for all its worktrees), as an absolute path.</summary>
    public async Task<string> CommonDirectoryAsync(CancellationToken cancellation)
    {
        var dotGit = Path.Combine(WorkingDirectory, ".git");
        return Directory.Exists(dotGit) ? dotGit
            : Path.GetFullPath(await RunAsync(["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellation));
    }

    public async Task<bool> IsRepositoryAsync(CancellationToken cancellation) =>
        Directory.Exists(WorkingDirectory) && (await TryRunAsync(["rev-parse", "--git-dir"], cancellation)).ExitCode == 0;
}

public sealed class GitException(IReadOnlyList<string> arguments, ProcessResult result)
    : Exception($"git {string.Join(' ', arguments)} failed ({result.ExitCode}): {FirstLines(result)}")
{
    public ProcessResult Result { get; } = result;

    private static string FirstLines(ProcessResult result)
    {
        var text = string.IsNullOrWhiteSpace(result.StandardError) ? result.StandardOutput : result.StandardError;
        return string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3));
    }
}
