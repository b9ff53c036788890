using System.Net;
using Cake.Core.Diagnostics;
using Orchestrator.Notifications;
using Orchestrator.Pipeline;

namespace Orchestrator.Cli;

/// <summary>What the command line asked for: the engine's request plus how to show it and how Cake should run it.</summary>
internal sealed record HostOptions(RunRequest Run)
{
    public bool Exclusive { get; init; }

    public bool DryRun { get; init; }

    public bool Tree { get; init; }

    public bool Description { get; init; }

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    /// <summary>The result object on stdout, every log line on stderr.</summary>
    public bool Json { get; init; }

    /// <summary>Standard output is for a result (<c>--json</c>, <c>--emit</c>): every log line goes to standard error.</summary>
    public bool LogToStandardError => Json || Run.Emit is not null;

    /// <summary>How often a run not on a terminal names its running tasks.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No repository, plan or saved run named: run the bundled sample.</summary>
    public bool UseSample { get; init; }

    public bool Help { get; init; }

    /// <summary>Serve the dashboard: alongside the run (<c>--serve</c>), or only it (<c>--target=Serve</c>).</summary>
    public bool Serve { get; init; }

    /// <summary>The dashboard's port; 0 for a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// <c>--serve-host</c>; null for the dashboard's default (127.0.0.1), so that a run that serves nothing does not set
    /// up <see cref="IPAddress"/>'s statics (vectorised code JIT-compiled at start-up).
    /// </summary>
    public IPAddress? ServeHost { get; init; }

    public Uri? NotifyUrl { get; init; }

    public GitHubTarget? NotifyGitHub { get; init; }

    /// <summary>Null for GitHub's public API (<see cref="GitHubCommentSink.PublicApi"/>, made only when a run notifies GitHub).</summary>
    public Uri? GitHubApiUrl { get; init; }

    /// <summary>The notification flags as given, for the runs a dashboard starts.</summary>
    public IReadOnlyList<string> NotifyArgs { get; init; } = [];

    public bool Version { get; init; }

    /// <summary>Only shows the task graph; runs nothing.</summary>
    public bool ShowsOnly => Tree || Description || DryRun;

    /// <summary>This invocation runs phases (not only shows the graph, nor Status, Cleanup or Report).</summary>
    public bool RunsPhases => !ShowsOnly && !ServesOnly && !Pipeline.Targets.Maintenance.Contains(CakeTarget);

    /// <summary><c>--target=Serve</c>: the dashboard over the artifacts folder, until stopped; no run of its own.</summary>
    public bool ServesOnly => CakeTarget == ServeTarget;

    public const string ServeTarget = "Serve";

    public string CakeTarget => Run.OnlyPhase ?? Run.Target;
}

/// <summary>A bad flag or value: one line naming it, exit code 2.</summary>
internal sealed class UsageException(string message) : InputException(message);
