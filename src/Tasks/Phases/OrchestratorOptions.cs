namespace Orchestrator.Phases;

/// <summary>Everything a run is told, as plain data. The host fills it from the command line; tests fill it directly.</summary>
public sealed record OrchestratorOptions
{
    /// <summary>The target repository; its HEAD is the base of a new run.</summary>
    public string? RepoPath { get; init; }

    public string ArtifactsPath { get; init; } = "artifacts";

    /// <summary>A spec-kit tasks.md or a JSON plan.</summary>
    public string? PlanPath { get; init; }

    /// <summary>A JSON plan read from standard input (<c>--plan=-</c>).</summary>
    public string? PlanJson { get; init; }

    /// <summary>Phases not to run; recorded as skipped.</summary>
    public IReadOnlySet<PhaseId> SkipPhases { get; init; } = new HashSet<PhaseId>();

    /// <summary>Run only one phase, on loaded state (Cake's exclusive mode).</summary>
    public PhaseId? OnlyPhase { get; init; }

    /// <summary>Go on with the saved run (same run id and base) instead of starting a new one.</summary>
    public bool ContinueSavedRun { get; init; }

    public string? LoadStatePath { get; init; }

    public string? SaveStatePath { get; init; }

    public int MaxConcurrent { get; init; } = 3;

    /// <summary>Per-task time limit for an agent.</summary>
    public TimeSpan? TaskTimeout { get; init; }

    public string Agent { get; init; } = "command";

    /// <summary>Program and arguments of the <c>command</c> agent, split like a POSIX shell would, but never run by one.</summary>
    public string? AgentCommand { get; init; }

    /// <summary>Run on the merged result, through <c>sh -c</c> in a worktree of the integration commit.</summary>
    public string? TestCommand { get; init; }

    /// <summary>The final result object on stdout, every log line on stderr.</summary>
    public bool Json { get; init; }

    public string? UserPrompt { get; init; }

    /// <summary>Cleanup: also delete the run's branches.</summary>
    public bool CleanupAll { get; init; }

    /// <summary>A real branch fast-forwarded to the integration head when everything merged and the tests passed.</summary>
    public string? MergeInto { get; init; }

    public Merge.MergeStrategy MergeStrategy { get; init; } = Merge.MergeStrategy.Batch;

    public Merge.ConflictPolicy OnConflict { get; init; } = Merge.ConflictPolicy.Report;

    /// <summary>Time limit for one run of the test command.</summary>
    public TimeSpan? TestTimeout { get; init; }
    /// <summary>The agent CLI's program (<c>--agent-path</c>), over <c>.orchestrator/agents.json</c> and PATH.</summary>
    public string? AgentPath { get; init; }

    /// <summary>Extra arguments for the agent CLI, split like a POSIX shell would (<c>--agent-args</c>).</summary>
    public string? AgentArgs { get; init; }

    /// <summary>The model the agent CLI is asked to use (<c>--agent-model</c>).</summary>
    public string? AgentModel { get; init; }
    /// <summary>ContextFiltering: tokens each task's prompt may use.</summary>
    public int ContextBudget { get; init; } = 32_000;

    /// <summary>QuorumValidation: how often remedies are applied and the plan re-validated after a RETRY.</summary>
    public int QuorumRetries { get; init; } = 3;

    /// <summary>QuorumValidation: agents that also review the plan (e.g. claude, codex), through the agent adapters.</summary>
    public IReadOnlyList<string> QuorumAgents { get; init; } = [];

    /// <summary>Go on with the latest run: saved phases 0-3 are carried over, completed tasks are not run again.</summary>
    public bool Resume { get; init; }

    /// <summary>Extra attempts for a failed or timed-out task, each from a clean worktree.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
