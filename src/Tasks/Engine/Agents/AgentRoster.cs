namespace Orchestrator.Agents;

/// <summary><c>--agent=claude,codex</c>: tasks without an agent of their own take the listed agents in turn.</summary>
public static class AgentRoster
{
    public static string Pick(string agents, int taskIndex)
    {
        var names = Names(agents);
        return names.Count == 0 ? agents : names[taskIndex % names.Count];
    }

    public static IReadOnlyList<string> Names(string agents) =>
        agents.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
