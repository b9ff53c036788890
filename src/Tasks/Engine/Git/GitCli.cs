using Orchestrator.Processes;

namespace Orchestrator.Git;

/// <summary>
/// The real git command line, run in one repository or worktree. Every call takes the run's cancellation, and none
/// runs a hook, an fsmonitor or a signing program of the repository: whatever an agent planted in its config stays inert
/// for the orchestrator's own commands. A pinned one (<see cref="Pinned"/>) names its git folder and work tree, so git
/// never goes looking for a repository in a parent folder.
/// </summary>
public sealed class GitCli(string workingDirectory, IReadOnlyList<string>? location = null)
{
    /// <summary>Put before every command: the config settings through which a repository's config runs programs.</summary>
    public static IReadOnlyList<string> NeutralConfig { get; } =
    [
        "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "commit.gpgSign=false",
        "-c", "tag.gpgSign=false",
    ];

    private static readonly IReadOnlyDictionary<string, string?> QuietEnvironment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["LC_ALL"] = "C",
        ["GIT_AUTHOR_NAME"] = "Orchestrator",
        ["GIT_AUTHOR_EMAIL"] = "orchestrator@localhost",
        ["GIT_COMMITTER_NAME"] = "Orchestrator",
        ["GIT_COMMITTER_EMAIL"] = "orchestrator@localhost",
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["GIT_INDEX_FILE"] = null,
        ["GIT_COMMON_DIR"] = null,
        ["GIT_OBJECT_DIRECTORY"] = null,
        ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = null,
        ["GIT_CONFIG"] = null,
        ["GIT_CONFIG_PARAMETERS"] = null,
        ["GIT_CONFIG_COUNT"] = null,
        ["GIT_EXTERNAL_DIFF"] = null,
    };

    private readonly IReadOnlyList<string> _location = location ?? [];

    public string WorkingDirectory { get; } = Path.GetFullPath(workingDirectory);

    public GitCli In(string directory) => new(directory);

    /// <summary>git on exactly this git folder and work tree (<c>--git-dir</c>, <c>--work-tree</c>): no discovery.</summary>
    public static GitCli Pinned(string gitDirectory, string workTree) =>
        new(workTree, ["--git-dir=" + Path.GetFullPath(gitDirectory), "--work-tree=" + Path.GetFullPath(workTree)]);

    /// <summary>Whether this one names its git folder and work tree (see <see cref="Pinned"/>).</summary>
    public bool IsPinned => _location.Count > 0;

    /// <summary>The git folder a pinned one names; null when git finds it.</summary>
    public string? GitDirectory => IsPinned ? _location[0]["--git-dir=".Length..] : null;

    /// <summary>Runs git and returns its trimmed standard output; throws <see cref="GitException"/> on a non-zero exit.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellation, string? standardInput = null)
    {
        var result = await TryRunAsync(arguments, cancellation, standardInput);
        return OutputOf(arguments, result, cancellation);
    }

    public Task<ProcessResult> TryRunAsync(IReadOnlyList<string> arguments, CancellationToken cancellation, string? standardInput = null) =>
        ChildProcess.RunAsync(SpecFor(arguments) with { StandardInput = standardInput }, cancellation);

    /// <summary>
    /// <see cref="RunAsync"/>, blocking the calling thread (<see cref="ChildProcess.Run"/>): for the run's start and its
    /// first phases, which make one short call at a time. The phases that run tasks side by side use the async calls.
    /// </summary>
    public string Run(IReadOnlyList<string> arguments, CancellationToken cancellation) =>
        OutputOf(arguments, TryRun(arguments, cancellation), cancellation);

    /// <summary><see cref="TryRunAsync"/>, blocking the calling thread (see <see cref="Run"/>).</summary>
    public ProcessResult TryRun(IReadOnlyList<string> arguments, CancellationToken cancellation) =>
        ChildProcess.Run(SpecFor(arguments), cancellation);

    /// <summary><see cref="LinesAsync"/>, blocking the calling thread (see <see cref="Run"/>).</summary>
    public IReadOnlyList<string> Lines(IReadOnlyList<string> arguments, CancellationToken cancellation) =>
        Run(arguments, cancellation).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The git process every call starts: neutral config, pinned location, a quiet environment.</summary>
    public ProcessSpec SpecFor(IReadOnlyList<string> arguments) =>
        new("git", [.. NeutralConfig, .. _location, .. arguments]) { WorkingDirectory = WorkingDirectory, Environment = QuietEnvironment };

    public async Task<IReadOnlyList<string>> LinesAsync(IReadOnlyList<string> arguments, CancellationToken cancellation) =>
        (await RunAsync(arguments, cancellation)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string OutputOf(IReadOnlyList<string> arguments, ProcessResult result, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (result.ExitCode != 0)
        {
            throw new GitException(arguments, result);
        }

        return result.StandardOutput.TrimEnd('\n', '\r');
    }

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
