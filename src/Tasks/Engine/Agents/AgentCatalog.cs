namespace Orchestrator.Agents;

/// <summary>The agents there are, by name: the task's own <c>agent</c> field or <c>--agent</c>.</summary>
public static class AgentCatalog
{
    public static readonly IReadOnlyList<string> Known = ["command", "claude", "codex", "gemini", "copilot", "cursor", "aider", "opencode", "amp", "manual"];

    private const string CursorAlias = "cursor-agent";

    public static bool IsKnown(string name) => Known.Contains(name, StringComparer.Ordinal) || name == CursorAlias;

    public static IAgent Create(string name, AgentOptions options, IRunLog log) => name switch
    {
        "command" => new CommandAgent(options.AgentCommand),
        "manual" => new ManualAgent(options, log),
        _ => CreateCli(name, AgentSettings.For(name, options)),
    };

    /// <summary>The program a CLI agent would start, so it can be looked for before any phase runs; null for command and manual.</summary>
    public static string? ProgramOf(string name, AgentOptions options) => name switch
    {
        "command" or "manual" => null,
        _ => CreateCli(name, AgentSettings.For(name, options)).Program,
    };

    public static CliAgent CreateCli(string name, AgentSettings settings) => name switch
    {
        "claude" => new ClaudeAgent(settings),
        "codex" => new CodexAgent(settings),
        "gemini" => new GeminiAgent(settings),
        "copilot" => new CopilotAgent(settings),
        "cursor" or CursorAlias => new CursorAgent(settings),
        "aider" => new AiderAgent(settings),
        "opencode" => new OpencodeAgent(settings),
        "amp" => new AmpAgent(settings),
        _ => throw new InputException($"--agent: unknown agent '{name}' (known: {string.Join(", ", Known)})"),
    };
}
