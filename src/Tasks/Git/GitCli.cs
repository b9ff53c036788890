using Orchestrator.Processes;

namespace Orchestrator.Git;

/// <summary>The real git command line, run in one repository or worktree.</summary>
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
    public async Task<string> RunAsync(params string[] arguments)
    {
        var result = await TryRunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new GitException(arguments, result);
        }

        return result.StandardOutput.TrimEnd('\n', '\r');
    }

    public Task<ProcessResult> TryRunAsync(params string[] arguments) => TryRunAsync(arguments, standardInput: null);

    public Task<ProcessResult> TryRunAsync(IReadOnlyList<string> arguments, string? standardInput) =>
        ChildProcess.RunAsync(new ProcessSpec("git", arguments)
        {
            WorkingDirectory = WorkingDirectory,
            Environment = QuietEnvironment,
            StandardInput = standardInput,
        });

    public async Task<IReadOnlyList<string>> LinesAsync(params string[] arguments) =>
        (await RunAsync(arguments)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<string?> ResolveAsync(string revision)
    {
        var result = await TryRunAsync("rev-parse", "--verify", "--quiet", revision + "^{commit}");
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    public async Task<bool> IsRepositoryAsync() =>
        Directory.Exists(WorkingDirectory) && (await TryRunAsync("rev-parse", "--git-dir")).ExitCode == 0;
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
