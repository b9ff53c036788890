using Orchestrator.Runs;

namespace Orchestrator.Pipeline;

/// <summary>
/// One invocation, as plain data: the settings asked for (defaults plus the flags given), which of them were given,
/// and what to do with the run. The host fills it from the command line; the Cake addin and tests fill it directly.
/// </summary>
public sealed record RunRequest
{
    public string ArtifactsPath { get; init; } = Path.GetFullPath("artifacts");

    /// <summary>Defaults overlaid with the flags given; a new run starts with exactly these.</summary>
    public RunSettings Settings { get; init; } = new();

    /// <summary>The snake_case names of the settings given on this command line; they override a saved run's.</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    /// <summary>A JSON plan read from standard input (<c>--plan=-</c>).</summary>
    public string? PlanJson { get; init; }

    /// <summary>A phase target, <see cref="Targets.Default"/>, <see cref="Targets.Status"/> or <see cref="Targets.Cleanup"/>.</summary>
    public string Target { get; init; } = Targets.Default;

    /// <summary>Run just this phase (its target name), on the saved run when there is one.</summary>
    public string? OnlyPhase { get; init; }

    /// <summary>Go on with the latest saved run.</summary>
    public bool Resume { get; init; }

    public string? LoadStatePath { get; init; }

    public string? SaveStatePath { get; init; }

    public CleanupRequest Cleanup { get; init; } = new();

    /// <summary>
    /// <c>--run-id</c>: work on this run, found in the artifacts folder or, on a machine that did not plan it, on
    /// <see cref="RunSettings.Remote"/>; a new run (with a plan) takes this id.
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>Which tasks this worker runs (<c>--shard</c>, <c>--tasks</c>); null: all of them.</summary>
    public Distribution.TaskSelection? Selection { get; init; }

    /// <summary><c>--emit</c>: what to print for a CI system once planned.</summary>
    public EmitFormat? Emit { get; init; }

    /// <summary><c>--shards</c>: at most this many shards in the GitHub matrix (and the generated workflow's <c>max-parallel</c>).</summary>
    public int Shards { get; init; } = 20;
}

/// <summary>What <c>--emit</c> prints on standard output (the log goes to standard error).</summary>
public enum EmitFormat
{
    GitHubMatrix,
    Buildkite,
}

/// <summary>Which runs Cleanup tidies and how far.</summary>
public sealed record CleanupRequest
{
    /// <summary>One run by id; with neither this nor <see cref="OlderThanDays"/>, the latest run.</summary>
    public string? RunId { get; init; }

    /// <summary>Every run whose last activity is older than this many days.</summary>
    public double? OlderThanDays { get; init; }

    /// <summary>Also delete the runs' task branches.</summary>
    public bool Branches { get; init; }

    /// <summary>With <see cref="Branches"/>: the integration branch (the result) too.</summary>
    public bool IncludeResult { get; init; }
}

/// <summary>The targets beside the phases.</summary>
public static class Targets
{
    public const string Default = "Default";
    public const string Status = "Status";
    public const string Cleanup = "Cleanup";
    public const string Report = "Report";
    public const string GenerateWorkflow = "GenerateWorkflow";

    public static readonly IReadOnlyList<string> Maintenance = [Status, Cleanup, Report, GenerateWorkflow];
}
