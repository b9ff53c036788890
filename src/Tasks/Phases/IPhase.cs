namespace Orchestrator.Phases;

/// <summary>One of the six phases; the pipeline wraps it in a Cake task, times it and saves its result.</summary>
public interface IPhase
{
    PhaseId Id { get; }

    string Description { get; }

    Task<PhaseOutcome> RunAsync(RunContext run);
}

/// <summary>
/// What a phase produced. A failed outcome stops the run with exit code 1 after its result is saved, unless
/// <see cref="StopsRun"/> is false: then later phases go on (Merge integrates the tasks that did complete) and the run
/// still exits 1.
/// </summary>
public sealed record PhaseOutcome(bool Success, object? Output, string? Error = null)
{
    public bool StopsRun { get; init; } = true;

    /// <summary>How often the phase went round again (quorum retries); saved as <c>retry_count</c>.</summary>
    public int RetryCount { get; init; }

    public static PhaseOutcome Succeeded(object output) => new(true, output);

    public static PhaseOutcome Failed(string error, object? output = null) => new(false, output, error);

    public static PhaseOutcome PartlyFailed(string error, object output) => new(false, output, error) { StopsRun = false };
}

/// <summary>A phase that ran and failed; carries the exit code the host returns.</summary>
public sealed class PhaseFailedException(PhaseId phase, string message, int exitCode = 1) : Exception(message)
{
    public PhaseId Phase { get; } = phase;

    public int ExitCode { get; } = exitCode;
}
