using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Runs;

/// <summary>
/// What a phase is given: the run's settings and layout, its repository, the plan, the earlier phases' outputs and the
/// services it may use. Made by the pipeline for each phase; a phase keeps nothing of it.
/// </summary>
public sealed class PhaseContext
{
    public required string RunId { get; init; }

    public required string BaseCommit { get; init; }

    /// <summary>The base commit's tree when the run's start already knew it (one git call fewer), else null.</summary>
    public string? BaseTree { get; init; }

    public required RunSettings Settings { get; init; }

    public required RunLayout Layout { get; init; }

    public required IRunLog Log { get; init; }

    /// <summary>Where the run's events go (task transitions, agents' output lines).</summary>
    public IRunEvents Events { get; init; } = new NoRunEvents();

    /// <summary>Requests to cancel single tasks while the run goes on.</summary>
    public TaskCancellations Cancellations { get; init; } = new();

    /// <summary>git in the run's repository.</summary>
    public required GitCli Git { get; init; }

    /// <summary>The base commit's tree, listed once for the phases that read it (the run shares one).</summary>
    public required TreeListing BaseListing { get; init; }

    /// <summary>The run's one worktree manager for its repository (its calls are serialised).</summary>
    public required Worktrees Worktrees { get; init; }

    /// <summary>The run's one watch over what agents change outside their worktrees, shared by every task attempt.</summary>
    public required OutsideChangeGuard Guard { get; init; }

    /// <summary>The run's task journal, shared by every phase that records task transitions.</summary>
    public required TaskJournal Journal { get; init; }

    /// <summary>Agents configured for this run's repository.</summary>
    public required AgentFactory Agents { get; init; }

    /// <summary>The plan the run was started with (as written, before the quorum's remedies), if it has one.</summary>
    public required TaskPlan? SourcePlan { get; init; }

    public required IPhaseOutputs Outputs { get; init; }

    /// <summary>The remote the run's machines meet at (<c>--remote</c>), or null when it runs on this machine only.</summary>
    public IRemoteTasks? Remote { get; init; }

    public string RepoPath => Settings.RepoPath ?? throw new InvalidOperationException("the run has no repository");
}
