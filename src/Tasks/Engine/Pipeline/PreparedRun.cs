using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>A run ready for its phases: checked, with its settings, plan and state, nothing written yet.</summary>
internal sealed class PreparedRun
{
    public required RunState State { get; init; }

    public required RunSettings Settings { get; init; }

    public required TaskPlan? Plan { get; init; }

    public required RunLayout Layout { get; init; }

    /// <summary>This invocation goes on with a saved run (same run id), keeping what that run saved.</summary>
    public required bool Continuing { get; init; }

    /// <summary>The saved run came from <c>--load-phase-state</c>, perhaps from another artifacts folder.</summary>
    public required bool LoadedFromFile { get; init; }

    /// <summary>The run was planned on another machine and found on the shared remote (<c>--run-id</c>, <c>--remote</c>).</summary>
    public bool Joined { get; init; }

    /// <summary>The run saved before this invocation (the one continued, or the one skipped phases carry outputs from).</summary>
    public required RunState? Saved { get; init; }

    /// <summary>The base commit's tree, when the call that found the repository said it too (else null).</summary>
    public string? BaseTree { get; init; }

    public string RunId => State.RunId;
}
