using Orchestrator;
using Orchestrator.Pipeline;
using Orchestrator.Runs;

namespace Cake.Orchestrator;

/// <summary>
/// Settings to the engine's <see cref="RunRequest"/>, as the command line makes it from flags: defaults overlaid with the
/// settings set, which are the ones <see cref="RunRequest.Given"/> names. Mistakes are <see cref="InputException"/>s
/// naming the setting.
/// </summary>
internal static class OrchestratorRequest
{
    /// <param name="target">Status or Cleanup, or null for the phase <see cref="OrchestratorSettings.Target"/> names (default all).</param>
    public static RunRequest From(
        OrchestratorSettings settings, string workingDirectory, IReadOnlyList<PhaseDeclaration> phases, string? target, string? onlyPhase = null)
    {
        string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path, workingDirectory);
        var given = new Dictionary<string, object?>
        {
            ["repo_path"] = settings.RepoPath,
            ["plan_path"] = settings.Plan,
            ["user_prompt"] = settings.Prompt,
            ["agent"] = settings.Agent,
            ["agent_command"] = settings.AgentCommand,
            ["agent_path"] = settings.AgentPath,
            ["agent_args"] = settings.AgentArgs,
            ["agent_model"] = settings.AgentModel,
            ["context_budget"] = settings.ContextBudget,
            ["quorum_retries"] = settings.QuorumRetries,
            ["quorum_agents"] = settings.QuorumAgents,
            ["max_concurrent"] = settings.MaxConcurrent,
            ["timeout_seconds"] = settings.Timeout,
            ["retries"] = settings.Retries,
            ["retry_delay_seconds"] = settings.RetryDelay,
            ["task_check_command"] = settings.TaskCheckCommand,
            ["require_changes"] = settings.RequireChanges,
            ["max_log_bytes"] = settings.MaxLogBytes,
            ["rate_limit_wait_seconds"] = settings.RateLimitWait,
            ["setup_command"] = settings.SetupCommand,
            ["setup_timeout_seconds"] = settings.SetupTimeout,
            ["copy_ignored"] = settings.CopyIgnored,
            ["sparse"] = settings.Sparse,
            ["max_cost_usd"] = settings.MaxCostUsd,
            ["max_tokens"] = settings.MaxTokens,
            ["task_max_turns"] = settings.TaskMaxTurns,
            ["test_command"] = settings.TestCommand,
            ["test_timeout_seconds"] = settings.TestTimeout,
            ["merge_strategy"] = settings.MergeStrategy,
            ["on_conflict"] = settings.OnConflict,
            ["merge_into"] = settings.MergeInto,
            ["skip_phases"] = settings.SkipPhases,
            ["remote"] = settings.Remote,
            ["wait_timeout_seconds"] = settings.WaitTimeout,
        }.Where(s => s.Value is not null).Select(s => s.Key).ToHashSet();
        var run = new RunSettings
        {
            RepoPath = FullPath(settings.RepoPath) ?? workingDirectory,
            PlanPath = FullPath(settings.Plan),
            Agent = settings.Agent ?? Defaults.Agent,
            AgentCommand = settings.AgentCommand,
            AgentPath = settings.AgentPath is { } agentPath && agentPath.Contains('/') ? FullPath(agentPath) : settings.AgentPath,
            AgentArgs = settings.AgentArgs,
            AgentModel = settings.AgentModel,
            TaskCheckCommand = settings.TaskCheckCommand,
            RequireChanges = settings.RequireChanges ?? false,
            MaxLogBytes = AtLeast(settings.MaxLogBytes, 1, nameof(settings.MaxLogBytes)) ?? Defaults.MaxLogBytes,
            RateLimitWaitSeconds = settings.RateLimitWait is { } wait
                ? wait >= TimeSpan.Zero ? (int)wait.TotalSeconds : throw new InputException($"RateLimitWait: expected 0 seconds or more, got {wait.TotalSeconds}")
                : Defaults.RateLimitWaitSeconds,
            SetupCommand = settings.SetupCommand,
            SetupTimeoutSeconds = Seconds(settings.SetupTimeout, nameof(settings.SetupTimeout)),
            CopyIgnored = [.. settings.CopyIgnored ?? []],
            Sparse = settings.Sparse ?? false,
            MaxCostUsd = settings.MaxCostUsd is null or > 0 ? settings.MaxCostUsd
                : throw new InputException($"MaxCostUsd: expected an amount above 0, got {settings.MaxCostUsd}"),
            MaxTokens = settings.MaxTokens is null or > 0 ? settings.MaxTokens
                : throw new InputException($"MaxTokens: expected a number of tokens above 0, got {settings.MaxTokens}"),
            TaskMaxTurns = AtLeast(settings.TaskMaxTurns, 1, nameof(settings.TaskMaxTurns)),
            TestCommand = settings.TestCommand,
            TestTimeoutSeconds = Seconds(settings.TestTimeout, nameof(settings.TestTimeout)),
            MaxConcurrent = AtLeast(settings.MaxConcurrent, 1, nameof(settings.MaxConcurrent)) ?? Defaults.MaxConcurrent,
            TimeoutSeconds = Seconds(settings.Timeout, nameof(settings.Timeout)),
            Retries = AtLeast(settings.Retries, 0, nameof(settings.Retries)) ?? Defaults.Retries,
            RetryDelaySeconds = settings.RetryDelay is { } delay
                ? delay >= TimeSpan.Zero && delay <= TimeSpan.FromHours(1) ? delay.TotalSeconds
                    : throw new InputException($"RetryDelay: expected 0 to 3600 seconds, got {delay.TotalSeconds}")
                : Defaults.RetryDelaySeconds,
            MergeStrategy = settings.MergeStrategy ?? Defaults.MergeStrategy,
            OnConflict = settings.OnConflict ?? Defaults.OnConflict,
            MergeInto = settings.MergeInto is "" ? throw new InputException("MergeInto: expected a branch name") : settings.MergeInto,
            ContextBudget = AtLeast(settings.ContextBudget, 1, nameof(settings.ContextBudget)) ?? Defaults.ContextBudget,
            QuorumRetries = AtLeast(settings.QuorumRetries, 0, nameof(settings.QuorumRetries)) ?? Defaults.QuorumRetries,
            QuorumAgents = [.. settings.QuorumAgents ?? []],
            SkipPhases = (settings.SkipPhases ?? []).Select(p => Phase(p, nameof(settings.SkipPhases), phases)).Distinct().ToList(),
            UserPrompt = settings.Prompt,
            Remote = settings.Remote is "" ? throw new InputException("Remote: expected a remote's name or URL") : settings.Remote,
            WaitTimeoutSeconds = Seconds(settings.WaitTimeout, nameof(settings.WaitTimeout)) ?? Defaults.WaitTimeoutSeconds,
        };
        if (settings.IncludeResult && !settings.All)
        {
            throw new InputException("IncludeResult: only with All (it deletes the integration branch too)");
        }

        if (settings.RunId is not null && settings.OlderThan is not null)
        {
            throw new InputException("RunId and OlderThan cannot be used together");
        }

        return new RunRequest
        {
            ArtifactsPath = FullPath(settings.Artifacts ?? "artifacts")!,
            Settings = run,
            Given = given,
            Target = target ?? (settings.Target is { } phase ? Phase(phase, nameof(settings.Target), phases) : Targets.Default),
            OnlyPhase = onlyPhase is null ? null : Phase(onlyPhase, "OrchestratorPhase", phases),
            Resume = settings.Resume,
            LoadStatePath = FullPath(settings.LoadPhaseState),
            SaveStatePath = FullPath(settings.SavePhaseState),
            Cleanup = new CleanupRequest
            {
                RunId = settings.RunId,
                OlderThanDays = settings.OlderThan?.TotalDays is { } days && days < 0
                    ? throw new InputException("OlderThan: expected a time span of 0 or more") : settings.OlderThan?.TotalDays,
                Branches = settings.All,
                IncludeResult = settings.IncludeResult,
            },
        };
    }

    /// <summary>The engine's own defaults, for the settings a script leaves unset.</summary>
    private static readonly RunSettings Defaults = new();

    /// <summary>A phase by name or number, as its target name.</summary>
    private static string Phase(string text, string setting, IReadOnlyList<PhaseDeclaration> phases) =>
        PhaseDeclaration.Named(phases, text, setting).Name;

    private static int? AtLeast(int? value, int least, string setting) =>
        value is null || value >= least ? value
        : throw new InputException($"{setting}: expected a whole number of {least} or more, got {value}");

    private static int? Seconds(TimeSpan? span, string setting) =>
        span is null ? null
        : span.Value.TotalSeconds >= 1 ? (int)Math.Ceiling(span.Value.TotalSeconds)
        : throw new InputException($"{setting}: expected at least one second, got {span.Value}");
}
