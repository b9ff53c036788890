namespace Orchestrator.Runs;

/// <summary>One phase of the pipeline: its declaration, and the work. The pipeline times it and saves its result.</summary>
public interface IPhase
{
    PhaseDeclaration Declaration { get; }

    Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation);
}

/// <summary>
/// What a phase produced. What a failure does to the run is the phase's declared <see cref="FailurePolicy"/>; the
/// output of a failed phase is saved too, and later phases of a run that goes on read it.
/// </summary>
public sealed record PhaseOutcome(bool Success, object? Output, string? Error = null)
{
    /// <summary>How often the phase went round again (quorum retries); saved as <c>retry_count</c>.</summary>
    public int RetryCount { get; init; }

    public static PhaseOutcome Succeeded(object output) => new(true, output);

    public static PhaseOutcome Failed(string error, object? output = null) => new(false, output, error);
}

/// <summary>A phase that ran and failed and stops the run; carries the exit code the host returns.</summary>
public sealed class PhaseFailedException(string phase, string message, int exitCode = 1) : Exception(message)
{
    public string Phase { get; } = phase;

    public int ExitCode { get; } = exitCode;
}
