using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

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

    /// <summary>The repository's file, or nothing set; a mistake in it is an <see cref="InputException"/> naming file and line.</summary>
    public static RepositoryConfig Load(string? repoPath)
    {
        var path = repoPath is null ? null : Path.Combine(repoPath, File);
        if (path is null || !System.IO.File.Exists(path))
        {
            return new RepositoryConfig();
        }

        try
        {
            var json = JObject.Parse(System.IO.File.ReadAllText(path));
            return new RepositoryConfig
            {
                SetupCommand = json.Value<string>("setup_command"),
                SetupTimeoutSeconds = json.Value<int?>("setup_timeout") is { } seconds and <= 0
                    ? throw new InputException($"{path}: \"setup_timeout\" must be a positive number of seconds")
                    : json.Value<int?>("setup_timeout"),
                CopyIgnored = json["copy_ignored"] is { } globs
                    ? globs is JArray list ? [.. list.Values<string>().OfType<string>()]
                        : throw new InputException($"{path}: \"copy_ignored\" must be a list of globs")
                    : [],
            };
        }
        catch (JsonReaderException ex)
        {
            throw new InputException($"{path}:{ex.LineNumber}: {ex.Message.Split('\n')[0].Split(" Path '")[0].TrimEnd('.')}");
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
