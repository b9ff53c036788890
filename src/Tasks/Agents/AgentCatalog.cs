using Orchestrator.Phases;

namespace Orchestrator.Agents;

/// <summary>Finds the agent a task runs with: the task's own <c>agent</c> field, else <c>--agent</c>.</summary>
public static class AgentCatalog
{
    public static IAgent Create(string name, OrchestratorOptions options) => name switch
    {
        "command" => new CommandAgent(options.AgentCommand),
        "manual" => new ManualAgent(options),
        _ => throw new InputException($"--agent: unknown agent '{name}' (known: command, manual)"),
    };
}
