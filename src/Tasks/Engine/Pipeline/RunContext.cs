using Cake.Core.Diagnostics;
using Newtonsoft.Json.Linq;
using Orchestrator.Git;
using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Phases;

/// <summary>What the phases of one run share: options, saved state, the plan, the repository and the log.</summary>
public sealed class RunContext
{
    public required OrchestratorOptions Options { get; init; }

    public required RunState State { get; init; }

    public required StateStore Store { get; init; }

    public required ICakeLog Log { get; init; }

    /// <summary>The plan given on this run's command line, if any (otherwise Planning's saved tasks are used).</summary>
    public TaskPlan? Plan { get; set; }

    public CancellationToken Cancellation { get; init; }

    public string RunId => State.RunId;

    public string RepoPath => State.RepoPath;

    public string ArtifactsPath => Path.GetFullPath(Options.ArtifactsPath);

    public GitCli Git => new(RepoPath);

    public string PromptsDirectory => Path.Combine(ArtifactsPath, "prompts", RunId);

    public string LogsDirectory => Path.Combine(ArtifactsPath, "logs", RunId);

    public string WorktreesDirectory => Path.Combine(ArtifactsPath, "worktrees", RunId);

    public string BaseCommit => State.BaseCommit ?? throw new InvalidOperationException("run has no base commit");

    /// <summary>The saved output of an earlier phase, or an input error naming the phase that must run first.</summary>
    public T RequireOutput<T>(PhaseId producer, PhaseId consumer)
    {
        var token = State.OutputOf(producer);
        return StateJson.FromToken<T>(token) ?? throw MissingInput(producer, consumer);
    }

    public T? OptionalOutput<T>(PhaseId producer) => StateJson.FromToken<T>(State.OutputOf(producer));

    /// <summary>An agent configured for this run's repository (its .orchestrator/agents.json and prompt templates).</summary>
    public Agents.IAgent CreateAgent(string name) => Agents.AgentCatalog.Create(name, Options with { RepoPath = RepoPath });

    public static InputException MissingInput(PhaseId producer, PhaseId consumer) => new(
        $"phase {(int)consumer} ({consumer.TargetName()}) needs the result of phase {(int)producer} ({producer.TargetName()}): " +
        $"run --target={producer.TargetName()} first or pass --load-phase-state=FILE");

    public static JToken ToToken(object output) => StateJson.ToToken(output);
}
