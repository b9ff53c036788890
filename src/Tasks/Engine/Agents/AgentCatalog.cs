using Orchestrator.Phases;

namespace Orchestrator.Agents;

/// <summary>Finds the agent a task runs with: the task's own <c>agent</c> field, else <c>--agent</c>.</summary>
public static class AgentCatalog
{
    public static readonly IReadOnlyList<string> Known = ["command", "claude", "codex", "gemini", "copilot", "cursor", "aider", "opencode", "amp", "manual"];

    public static IAgent Create(string name, OrchestratorOptions options) => name switch
    {
        "command" => new CommandAgent(options.AgentCommand),
        "manual" => new ManualAgent(options),
        _ => CreateCli(name, AgentSettings.For(name, options)),
    };

    public static CliAgent CreateCli(string name, AgentSettings settings) => name switch
    {
        "claude" => new ClaudeAgent(settings),
        "codex" => new CodexAgent(settings),
        "gemini" => new GeminiAgent(settings),
        "copilot" => new CopilotAgent(settings),
        "cursor" or "cursor-agent" => new CursorAgent(settings),
        "aider" => new AiderAgent(settings),
        "opencode" => new OpencodeAgent(settings),
        "amp" => new AmpAgent(settings),
        _ => throw new InputException($"--agent: unknown agent '{name}' (known: {string.Join(", ", Known)})"),
    };
}
