using Newtonsoft.Json.Linq;

namespace Orchestrator.State;

/// <summary>The saved outcome of one phase: <c>phase-state/NN-Target.json</c>.</summary>
public sealed class PhaseResult
{
    /// <summary>CONTEXT_GATHERING, QUORUM_VALIDATION, TASK_PLANNING, CONTEXT_FILTERING, PARALLEL_EXECUTION or MERGE.</summary>
    public required string Phase { get; init; }

    public required string PhaseName { get; init; }

    public bool Success { get; set; }

    public long DurationMs { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public JToken? OutputData { get; set; }

    /// <summary>
    /// In <c>state.json</c> only: the top-level field that holds this phase's output (<c>tasks_data</c>, …), written
    /// there once instead of here too; <c>output_data</c> is then left out. Resolved again when the state is loaded.
    /// </summary>
    [OmittedWhenNull]
    public string? OutputDataIn { get; set; }

    public string? Error { get; set; }

    public bool Skipped { get; set; }

    public int RetryCount { get; set; }
}
