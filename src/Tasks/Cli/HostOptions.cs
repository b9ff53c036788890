using Cake.Core.Diagnostics;
using Orchestrator.Phases;

namespace Orchestrator.Build;

/// <summary>What the command line asked for: the engine's options plus how Cake should run them.</summary>
internal sealed record HostOptions(OrchestratorOptions Run)
{
    public string Target { get; init; } = Pipeline.DefaultTarget;

    public bool Exclusive { get; init; }

    public bool DryRun { get; init; }

    public bool Tree { get; init; }

    public bool Description { get; init; }

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    /// <summary>No repository and no plan given: run the bundled sample.</summary>
    public bool UseSample { get; init; }
}

/// <summary>A bad flag or value: one line naming it, exit code 2.</summary>
internal sealed class UsageException(string message) : InputException(message);
