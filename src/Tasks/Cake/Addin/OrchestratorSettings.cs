using Orchestrator.Runs;

namespace Cake.Orchestrator;

/// <summary>
/// The command line's flags as settings, for the aliases: one property per flag (<c>--max-concurrent</c> is
/// <see cref="MaxConcurrent"/>), each with a fluent <c>With…</c> setter. A property left unset is not given: a new run
/// takes the default, a run that goes on keeps its saved value. Relative paths resolve against the script's working
/// directory.
/// </summary>
public sealed class OrchestratorSettings
{
    /// <summary><c>--repo-path</c>: the git repository to work on; a new run defaults to the working directory.</summary>
    public string? RepoPath { get; set; }

    /// <summary><c>--plan</c>: a spec-kit <c>tasks.md</c> or a JSON plan.</summary>
    public string? Plan { get; set; }

    /// <summary><c>--artifacts</c>: the artifacts folder (default <c>artifacts</c>).</summary>
    public string? Artifacts { get; set; }

    /// <summary><c>--prompt</c>: what you asked for; phase 0 searches for it too.</summary>
    public string? Prompt { get; set; }

    /// <summary><c>--agent</c>: <c>command</c> (default), <c>claude</c>, <c>codex</c>, …; <c>a,b</c> takes turns.</summary>
    public string? Agent { get; set; }

    /// <summary><c>--agent-command</c>: program and arguments of the <c>command</c> agent.</summary>
    public string? AgentCommand { get; set; }

    public string? AgentPath { get; set; }

    public string? AgentArgs { get; set; }

    public string? AgentModel { get; set; }

    /// <summary><c>--context-budget</c>: tokens each task's prompt may use (default 32000).</summary>
    public int? ContextBudget { get; set; }

    /// <summary><c>--quorum-retries</c> (default 3).</summary>
    public int? QuorumRetries { get; set; }

    /// <summary><c>--quorum-agents</c>: agents that also review the plan.</summary>
    public IList<string>? QuorumAgents { get; set; }

    /// <summary><c>--max-concurrent</c>: agents at once (default 3).</summary>
    public int? MaxConcurrent { get; set; }

    /// <summary><c>--timeout</c>: per-task time limit (whole seconds).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary><c>--retries</c>: extra attempts for a failed or timed-out task (default 1).</summary>
    public int? Retries { get; set; }

    /// <summary><c>--retry-delay</c>: wait before the first retry, doubled after (default 1 s).</summary>
    public TimeSpan? RetryDelay { get; set; }

    /// <summary><c>--task-check-command</c>: run by <c>sh -c</c> in each task's worktree after its agent; failing fails the task.</summary>
    public string? TaskCheckCommand { get; set; }

    /// <summary><c>--require-changes</c>: a task whose agent changed nothing fails.</summary>
    public bool? RequireChanges { get; set; }

    /// <summary><c>--max-log-bytes</c>: size limit of a task's log, head and tail kept (default 10 MB).</summary>
    public int? MaxLogBytes { get; set; }

    /// <summary><c>--rate-limit-wait</c>: how long a task may wait in all for its agent's rate or usage limit (default 30 min).</summary>
    public TimeSpan? RateLimitWait { get; set; }

    /// <summary><c>--setup-command</c>: run by <c>sh -c</c> in each new worktree before its agent.</summary>
    public string? SetupCommand { get; set; }

    /// <summary><c>--setup-timeout</c> (whole seconds).</summary>
    public TimeSpan? SetupTimeout { get; set; }

    /// <summary><c>--copy-ignored</c>: globs of git-ignored files copied into every worktree.</summary>
    public IList<string>? CopyIgnored { get; set; }

    /// <summary><c>--sparse</c>: a task with files in the plan gets a sparse worktree of their folders.</summary>
    public bool? Sparse { get; set; }

    /// <summary><c>--max-cost-usd</c>: no new task starts once the run has spent this much.</summary>
    public decimal? MaxCostUsd { get; set; }

    /// <summary><c>--max-tokens</c>: no new task starts once the run has used this many tokens.</summary>
    public long? MaxTokens { get; set; }

    /// <summary><c>--task-max-turns</c>: passed to CLIs with their own turn cap.</summary>
    public int? TaskMaxTurns { get; set; }

    /// <summary><c>--test-command</c>: run by <c>sh -c</c> in a worktree of the merged result.</summary>
    public string? TestCommand { get; set; }

    /// <summary><c>--test-timeout</c> (whole seconds).</summary>
    public TimeSpan? TestTimeout { get; set; }

    public MergeStrategy? MergeStrategy { get; set; }

    public ConflictPolicy? OnConflict { get; set; }

    /// <summary><c>--merge-into</c>: a branch fast-forwarded to the result when everything merged green.</summary>
    public string? MergeInto { get; set; }

    /// <summary><c>--remote</c>: the git remote (name or URL) all machines of a run share.</summary>
    public string? Remote { get; set; }

    /// <summary><c>--wait-timeout</c>: how long a task waits for a dependency done on another machine (whole seconds).</summary>
    public TimeSpan? WaitTimeout { get; set; }

    /// <summary><c>--target</c> for <c>OrchestratorRun</c>: the phase to run up to (name or number; default all phases).</summary>
    public string? Target { get; set; }

    /// <summary><c>--skip-phases</c>: phases not to run (names or numbers).</summary>
    public IList<string>? SkipPhases { get; set; }

    /// <summary><c>--resume</c>: go on with the latest run in <see cref="Artifacts"/>.</summary>
    public bool Resume { get; set; }

    /// <summary><c>--load-phase-state</c>: go on with the run saved in this file.</summary>
    public string? LoadPhaseState { get; set; }

    /// <summary><c>--save-phase-state</c>: also write the run's state to this file.</summary>
    public string? SavePhaseState { get; set; }

    /// <summary><c>--run</c>: Cleanup this run (by id).</summary>
    public string? RunId { get; set; }

    /// <summary><c>--older-than</c>: Cleanup every run idle for longer.</summary>
    public TimeSpan? OlderThan { get; set; }

    /// <summary><c>--all</c>: Cleanup the runs' task branches too.</summary>
    public bool All { get; set; }

    /// <summary><c>--include-result</c>: with <see cref="All"/>, the integration branch too.</summary>
    public bool IncludeResult { get; set; }

    public OrchestratorSettings WithRepoPath(string path) => Set(() => RepoPath = path);

    public OrchestratorSettings WithPlan(string path) => Set(() => Plan = path);

    public OrchestratorSettings WithArtifacts(string path) => Set(() => Artifacts = path);

    public OrchestratorSettings WithPrompt(string prompt) => Set(() => Prompt = prompt);

    public OrchestratorSettings WithAgent(string agent) => Set(() => Agent = agent);

    public OrchestratorSettings WithAgentCommand(string command) => Set(() => AgentCommand = command);

    public OrchestratorSettings WithAgentPath(string path) => Set(() => AgentPath = path);

    public OrchestratorSettings WithAgentArgs(string args) => Set(() => AgentArgs = args);

    public OrchestratorSettings WithAgentModel(string model) => Set(() => AgentModel = model);

    public OrchestratorSettings WithContextBudget(int tokens) => Set(() => ContextBudget = tokens);

    public OrchestratorSettings WithQuorumRetries(int retries) => Set(() => QuorumRetries = retries);

    public OrchestratorSettings WithQuorumAgents(params string[] agents) => Set(() => QuorumAgents = agents);

    public OrchestratorSettings WithMaxConcurrent(int agents) => Set(() => MaxConcurrent = agents);

    public OrchestratorSettings WithTimeout(TimeSpan timeout) => Set(() => Timeout = timeout);

    public OrchestratorSettings WithRetries(int retries) => Set(() => Retries = retries);

    public OrchestratorSettings WithRetryDelay(TimeSpan delay) => Set(() => RetryDelay = delay);

    public OrchestratorSettings WithTaskCheckCommand(string command) => Set(() => TaskCheckCommand = command);

    public OrchestratorSettings WithRequireChanges(bool require = true) => Set(() => RequireChanges = require);

    public OrchestratorSettings WithMaxLogBytes(int bytes) => Set(() => MaxLogBytes = bytes);

    public OrchestratorSettings WithRateLimitWait(TimeSpan wait) => Set(() => RateLimitWait = wait);

    public OrchestratorSettings WithSetupCommand(string command) => Set(() => SetupCommand = command);

    public OrchestratorSettings WithSetupTimeout(TimeSpan timeout) => Set(() => SetupTimeout = timeout);

    public OrchestratorSettings WithCopyIgnored(params string[] globs) => Set(() => CopyIgnored = globs);

    public OrchestratorSettings WithSparse(bool sparse = true) => Set(() => Sparse = sparse);

    public OrchestratorSettings WithMaxCostUsd(decimal usd) => Set(() => MaxCostUsd = usd);

    public OrchestratorSettings WithMaxTokens(long tokens) => Set(() => MaxTokens = tokens);

    public OrchestratorSettings WithTaskMaxTurns(int turns) => Set(() => TaskMaxTurns = turns);

    public OrchestratorSettings WithTestCommand(string command) => Set(() => TestCommand = command);

    public OrchestratorSettings WithTestTimeout(TimeSpan timeout) => Set(() => TestTimeout = timeout);

    public OrchestratorSettings WithMergeStrategy(MergeStrategy strategy) => Set(() => MergeStrategy = strategy);

    public OrchestratorSettings WithOnConflict(ConflictPolicy policy) => Set(() => OnConflict = policy);

    public OrchestratorSettings WithMergeInto(string branch) => Set(() => MergeInto = branch);

    public OrchestratorSettings WithRemote(string remote) => Set(() => Remote = remote);

    public OrchestratorSettings WithWaitTimeout(TimeSpan wait) => Set(() => WaitTimeout = wait);

    public OrchestratorSettings WithTarget(string phase) => Set(() => Target = phase);

    public OrchestratorSettings WithSkipPhases(params string[] phases) => Set(() => SkipPhases = phases);

    public OrchestratorSettings WithResume(bool resume = true) => Set(() => Resume = resume);

    public OrchestratorSettings WithLoadPhaseState(string file) => Set(() => LoadPhaseState = file);

    public OrchestratorSettings WithSavePhaseState(string file) => Set(() => SavePhaseState = file);

    public OrchestratorSettings WithRunId(string runId) => Set(() => RunId = runId);

    public OrchestratorSettings WithOlderThan(TimeSpan idle) => Set(() => OlderThan = idle);

    public OrchestratorSettings WithAll(bool all = true) => Set(() => All = all);

    public OrchestratorSettings WithIncludeResult(bool includeResult = true) => Set(() => IncludeResult = includeResult);

    private OrchestratorSettings Set(Action assign)
    {
        assign();
        return this;
    }
}
