using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Orchestrator.State;

namespace Orchestrator.Runs;

/// <summary>When the tests run: once on the whole batch (bisecting on failure), or after every merge.</summary>
public enum MergeStrategy
{
    Batch,
    Each,
}

/// <summary>What Merge does with a task whose branch conflicts with the integration branch.</summary>
public enum ConflictPolicy
{
    Report,
    RetrySequential,
}

/// <summary>
/// Every option that shapes a run's result, as plain data: saved as <c>settings</c> in state.json when the run starts,
/// and restored by <c>--resume</c>, <c>--only-phase</c> and <c>--load-phase-state</c>, so a later invocation goes on with
/// the run as it was started. Options that only say how to show or drive one invocation are not here.
/// </summary>
public sealed record RunSettings
{
    /// <summary>The target repository; its HEAD is the base of a new run.</summary>
    public string? RepoPath { get; init; }

    /// <summary>The commit every task branch and the integration branch start from; set when the run starts.</summary>
    public string? BaseCommit { get; init; }

    /// <summary>A spec-kit tasks.md or a JSON plan; "-" when it was read from standard input.</summary>
    public string? PlanPath { get; init; }

    /// <summary>SHA-256 of the plan's bytes as the run started.</summary>
    public string? PlanSha256 { get; init; }

    /// <summary>The agent, or agents taken in turn (<c>claude,codex</c>), for tasks that name none.</summary>
    public string Agent { get; init; } = "command";

    /// <summary>The <c>command</c> agent's command line, run through the shell in the task's worktree.</summary>
    public string? AgentCommand { get; init; }

    public string? AgentPath { get; init; }

    public string? AgentArgs { get; init; }

    public string? AgentModel { get; init; }

    /// <summary>Run through the shell in a worktree of the merged result.</summary>
    public string? TestCommand { get; init; }

    public int? TestTimeoutSeconds { get; init; }

    public int MaxConcurrent { get; init; } = 3;

    /// <summary>Per-task time limit for an agent.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>A task log's size limit: its first and last halves are kept, a marker where it was cut.</summary>
    public int MaxLogBytes { get; init; } = (int)Agents.TaskLog.DefaultMaxBytes;

    /// <summary>Extra attempts for a failed or timed-out task, each from a clean worktree.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>Wait before the first retry; doubled for each further one.</summary>
    public double RetryDelaySeconds { get; init; } = 1;

    /// <summary>A command line run in every task's worktree after its agent (before a task's own <c>check</c>); its failure fails the task.</summary>
    public string? TaskCheckCommand { get; init; }

    /// <summary>A task whose agent changed nothing fails, rather than completing with <c>no_changes</c>.</summary>
    public bool RequireChanges { get; init; }

    /// <summary>The longest a task waits, in all, for its agent's rate or usage limit to pass before it fails.</summary>
    public int RateLimitWaitSeconds { get; init; } = 1800;

    /// <summary>A command line run in each new worktree before its agent; its failure fails the task.</summary>
    public string? SetupCommand { get; init; }

    public int? SetupTimeoutSeconds { get; init; }

    /// <summary>Globs of git-ignored files (<c>.env</c>) copied from the repository's checkout into every worktree, never committed.</summary>
    public IReadOnlyList<string> CopyIgnored { get; init; } = [];

    /// <summary>
    /// A task whose plan gives its files gets a cone-mode sparse worktree: the folders of those files, the top-level
    /// files, and the folders <c>sparse_always</c> in <c>.orchestrator/config.json</c> lists. Other tasks get a full one.
    /// </summary>
    public bool Sparse { get; init; }

    /// <summary>Once the run has spent this much (USD, as its agents report it), no new task starts.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>Once the run's agents have used this many tokens (input + output), no new task starts.</summary>
    public long? MaxTokens { get; init; }

    /// <summary>Passed to agent CLIs that cap a run's turns themselves (claude <c>--max-turns</c>).</summary>
    public int? TaskMaxTurns { get; init; }

    public MergeStrategy MergeStrategy { get; init; } = MergeStrategy.Batch;

    public ConflictPolicy OnConflict { get; init; } = ConflictPolicy.Report;

    /// <summary>A real branch fast-forwarded to the integration head when everything merged and the tests passed.</summary>
    public string? MergeInto { get; init; }

    /// <summary>The git remote (a name or URL) all machines of a run share: task branches and their records meet there.</summary>
    public string? Remote { get; init; }

    /// <summary>How long a task waits for a dependency done on another machine to reach the remote.</summary>
    public int WaitTimeoutSeconds { get; init; } = 3600;

    /// <summary>ContextFiltering: tokens each task's prompt may use.</summary>
    public int ContextBudget { get; init; } = 32_000;

    /// <summary>QuorumValidation: how often remedies are applied and the plan validated again after a RETRY.</summary>
    public int QuorumRetries { get; init; } = 3;

    /// <summary>QuorumValidation: agents that also review the plan.</summary>
    public IReadOnlyList<string> QuorumAgents { get; init; } = [];

    /// <summary>Target names of the phases not to run; recorded as skipped.</summary>
    public IReadOnlyList<string> SkipPhases { get; init; } = [];

    /// <summary>What the user asked for (<c>--prompt</c>), which phase 0 searches for too.</summary>
    public string? UserPrompt { get; init; }

    /// <summary>Settings whose value held a secret and so were not saved; they must be given again to go on.</summary>
    public IReadOnlyList<string> Redacted { get; init; } = [];

    [JsonIgnore]
    public TimeSpan? TaskTimeout => TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    [JsonIgnore]
    public TimeSpan? TestTimeout => TestTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    [JsonIgnore]
    public TimeSpan? SetupTimeout => SetupTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    [JsonIgnore]
    public TimeSpan RetryDelay => TimeSpan.FromSeconds(RetryDelaySeconds);

    /// <summary>The flag that sets each setting, by its snake_case name, for messages.</summary>
    public static string FlagOf(string setting) => setting switch
    {
        "plan_path" or "plan_sha256" => "--plan",
        "timeout_seconds" => "--timeout",
        "test_timeout_seconds" => "--test-timeout",
        "retry_delay_seconds" => "--retry-delay",
        "wait_timeout_seconds" => "--wait-timeout",
        "user_prompt" => "--prompt",
        "rate_limit_wait_seconds" => "--rate-limit-wait",
        "setup_timeout_seconds" => "--setup-timeout",
        _ => "--" + setting.Replace('_', '-'),
    };

    public JObject ToJson() => (JObject)StateJson.ToToken(this);

    /// <summary>
    /// These saved settings with the ones given again on this command line (<paramref name="given"/>, snake_case names)
    /// taken from <paramref name="requested"/>; <paramref name="report"/> hears of each saved value that changed.
    /// </summary>
    public RunSettings Overlay(RunSettings requested, IReadOnlySet<string> given, Action<string> report)
    {
        var saved = ToJson();
        var wanted = requested.ToJson();
        foreach (var name in given.Where(wanted.ContainsKey).Order(StringComparer.Ordinal))
        {
            if (!JToken.DeepEquals(saved[name], wanted[name]) && name != "plan_sha256")
            {
                report($"{FlagOf(name)}={Show(wanted[name])} overrides the saved {Show(saved[name])}");
            }

            saved[name] = wanted[name]?.DeepClone();
        }

        saved["redacted"] = new JArray(Redacted.Where(r => !given.Contains(r)));
        return StateJson.FromToken<RunSettings>(saved)!;
    }

    /// <summary>
    /// The settings as they may be saved: a value holding a secret (an environment value <paramref name="isSecret"/>
    /// finds in it) is left out and named in <see cref="Redacted"/>.
    /// </summary>
    public RunSettings WithoutSecrets(Func<string, bool> isSecret)
    {
        var json = ToJson();
        var redacted = new List<string>(Redacted);
        foreach (var property in json.Properties().ToList())
        {
            if (property.Value is JValue { Type: JTokenType.String } value && isSecret((string)value!))
            {
                property.Value = JValue.CreateNull();
                redacted.Add(property.Name);
            }
        }

        json["redacted"] = new JArray(redacted.Distinct());
        return StateJson.FromToken<RunSettings>(json)!;
    }

    private static string Show(JToken? value) => value is null || value.Type == JTokenType.Null ? "(none)"
        : value.Type == JTokenType.String ? $"'{value}'"
        : value.ToString(Formatting.None);
}
