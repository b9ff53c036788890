using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Orchestrator.Git;

namespace Orchestrator.Runs;

/// <summary>
/// <c>.orchestrator/config.json</c> in the target repository: how its worktrees are set up, for every run on it
/// (<c>{"setup_command": "npm ci", "setup_timeout": 600, "copy_ignored": [".env", "*.local.json"]}</c>). The flags win.
/// </summary>
public sealed record RepositoryConfig
{
    public const string File = ".orchestrator/config.json";

    public string? SetupCommand { get; init; }

    public int? SetupTimeoutSeconds { get; init; }

    public IReadOnlyList<string> CopyIgnored { get; init; } = [];

    /// <summary><c>sparse_always</c>: folders every <c>--sparse</c> worktree holds besides its task's (shared code, build files).</summary>
    public IReadOnlyList<string> SparseAlways { get; init; } = [];

    /// <summary>The repository's file, or nothing set; a mistake in it is an <see cref="InputException"/> naming file and line.</summary>
    public static RepositoryConfig Load(string? repoPath)
    {
        if (RepositoryJson.Read(repoPath, File) is not { } found)
        {
            return new RepositoryConfig();
        }

        var (path, json) = found;

        try
        {
            var timeout = json.Value<int?>("setup_timeout");
            return new RepositoryConfig
            {
                SetupCommand = json.Value<string>("setup_command"),
                SetupTimeoutSeconds = timeout is <= 0 ? throw new InputException($"{path}: \"setup_timeout\" must be a positive number of seconds") : timeout,
                CopyIgnored = json["copy_ignored"] switch
                {
                    null => [],
                    JArray globs => [.. globs.Values<string>().OfType<string>()],
                    _ => throw new InputException($"{path}: \"copy_ignored\" must be a list of globs"),
                },
                SparseAlways = json["sparse_always"] switch
                {
                    null => [],
                    JArray folders => [.. folders.Values<string>().Select(f => SparseCone.Relative(f ?? "")
                        ?? throw new InputException($"{path}: \"sparse_always\" must list folders inside the repository, got \"{f}\""))],
                    _ => throw new InputException($"{path}: \"sparse_always\" must be a list of folders"),
                },
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or FormatException or ArgumentException)
        {
            throw new InputException($"{path}: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The run's settings with what this file sets where no flag did.</summary>
    public RunSettings Under(RunSettings settings) => settings with
    {
        SetupCommand = settings.SetupCommand ?? SetupCommand,
        SetupTimeoutSeconds = settings.SetupTimeoutSeconds ?? SetupTimeoutSeconds,
        CopyIgnored = settings.CopyIgnored.Count > 0 ? settings.CopyIgnored : CopyIgnored,
    };
}
