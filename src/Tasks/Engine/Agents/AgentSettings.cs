using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Agents;

/// <summary>
/// How one agent CLI is run: its program, model, permission mode and extra arguments. <c>--agent-path</c>,
/// <c>--agent-model</c> and <c>--agent-args</c> win over the repository's <c>.orchestrator/agents.json</c>.
/// </summary>
public sealed record AgentSettings
{
    public const string ConfigFile = ".orchestrator/agents.json";

    public string? Program { get; init; }

    public string? Model { get; init; }

    /// <summary>claude only: the <c>--permission-mode</c>.</summary>
    public string? PermissionMode { get; init; }

    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The target repository, for per-repository prompt templates.</summary>
    public string? RepoPath { get; init; }

    public static AgentSettings For(string agent, AgentOptions options)
    {
        var configured = FromConfigFile(agent, options.RepoPath);
        return configured with
        {
            Program = options.AgentPath ?? configured.Program,
            Model = options.AgentModel ?? configured.Model,
            ExtraArguments = options.AgentArgs is { } args ? CommandLine.Split(args, "--agent-args") : configured.ExtraArguments,
            RepoPath = options.RepoPath,
        };
    }

    /// <summary>The agent's entry of <c>{"claude": {"path", "model", "args": [], "permission_mode"}}</c>, or defaults.</summary>
    public static AgentSettings FromConfigFile(string agent, string? repoPath)
    {
        if (RepositoryJson.Read(repoPath, ConfigFile) is not { } found)
        {
            return new AgentSettings();
        }

        var (path, json) = found;

        try
        {
            var entry = json[agent];
            if (entry is null)
            {
                return new AgentSettings();
            }

            if (entry is not JObject settings)
            {
                throw new InputException($"{path}: \"{agent}\" must be an object with path, model, args, permission_mode");
            }

            return new AgentSettings
            {
                Program = settings.Value<string>("path"),
                Model = settings.Value<string>("model"),
                PermissionMode = settings.Value<string>("permission_mode"),
                ExtraArguments = settings["args"]?.Values<string>().Select(a => a ?? "").ToList() ?? [],
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or FormatException)
        {
            throw new InputException($"{path}: {ex.Message.Split('\n')[0]}");
        }
    }
}
