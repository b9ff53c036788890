namespace Orchestrator.Agents;

/// <summary>What agents are configured from: the run's agent flags and where its repository and artifacts are.</summary>
public sealed record AgentOptions
{
    /// <summary>Program and arguments of the <c>command</c> agent.</summary>
    public string? AgentCommand { get; init; }

    /// <summary>The agent CLI's program (<c>--agent-path</c>), over <c>.orchestrator/agents.json</c> and PATH.</summary>
    public string? AgentPath { get; init; }

    /// <summary>Extra arguments for the agent CLI, split like a POSIX shell would (<c>--agent-args</c>).</summary>
    public string? AgentArgs { get; init; }

    public string? AgentModel { get; init; }

    /// <summary>The target repository (its <c>.orchestrator/agents.json</c> and prompt templates).</summary>
    public string? RepoPath { get; init; }

    /// <summary>Where the manual agent waits for <c>&lt;task&gt;.done</c> files.</summary>
    public string? CompletionsDirectory { get; init; }

    /// <summary>The plan file, whose ticked checkboxes the manual agent also takes as done.</summary>
    public string? PlanPath { get; init; }
}

/// <summary>Makes the agents of one run by name; an unknown name is an input error naming the known ones.</summary>
public sealed class AgentFactory(AgentOptions options, IRunLog log)
{
    public AgentOptions Options => options;

    public IAgent Create(string name) => AgentCatalog.Create(name, options, log);
}
