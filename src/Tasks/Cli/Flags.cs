using System.CommandLine;

namespace Orchestrator.Cli;

/// <summary>One command-line flag: its option, the usage group it is shown in, and the run setting it sets, if any.</summary>
internal sealed record Flag(Option Option, string Group, string? Setting = null);

/// <summary>Every flag the host takes, grouped as the README groups them. Made per parse: options hold parse state.</summary>
internal sealed class Flags
{
    public const string Phases = "Choosing phases";
    public const string Run = "The run";
    public const string Agents = "Agents";
    public const string Context = "Context and validation";
    public const string Execution = "Execution";
    public const string Merging = "Merge and tests";
    public const string Maintenance = "Status and Cleanup";
    public const string Output = "Output and Cake";
    public const string Machines = "Across machines";
    public const string Dashboard = "Dashboard and notifications";

    public Option<string> Target { get; } = new("--target") { Description = "Run this phase and everything before it; Default (= all), Status, Cleanup, Report or Serve" };
    public Option<string> StopAfterPhase { get; } = new("--stop-after-phase") { Description = "The same as --target, by phase number or name" };
    public Option<string> OnlyPhase { get; } = new("--only-phase") { Description = "Run just this phase, on the saved run (its settings restored)" };
    public Option<string> SkipPhases { get; } = new("--skip-phases") { Description = "Phases not to run (N,M or names); recorded as skipped" };
    public Option<bool> Exclusive { get; } = new("--exclusive", "-e") { Description = "Run the target without the phases before it" };
    public Option<bool> Resume { get; } = new("--resume") { Description = "Go on with the latest run: its saved settings, no work repeated" };
    public Option<string> SaveState { get; } = new("--save-phase-state") { Description = "Also write the run's state to FILE" };
    public Option<string> LoadState { get; } = new("--load-phase-state") { Description = "Go on with the run saved in FILE" };
    public Option<string> Plan { get; } = new("--plan") { Description = "tasks.md or .json plan; - reads JSON from stdin" };
    public Option<string> RepoPath { get; } = new("--repo-path", "-r") { Description = "The git repository to work on" };
    public Option<string> Artifacts { get; } = new("--artifacts") { Description = "Artifacts folder (default: artifacts)" };
    public Option<string> Prompt { get; } = new("--prompt") { Description = "What you asked for; phase 0 searches for it too" };
    public Option<string> Agent { get; } = new("--agent") { Description = "command (default), claude, codex, gemini, copilot, cursor, aider, opencode, amp, manual; a,b takes turns" };
    public Option<string> AgentCommand { get; } = new("--agent-command") { Description = "Command line the command agent runs (through the shell)" };
    public Option<string> AgentPath { get; } = new("--agent-path") { Description = "Program of the agent CLI" };
    public Option<string> AgentArgs { get; } = new("--agent-args") { Description = "Extra arguments for the agent CLI" };
    public Option<string> AgentModel { get; } = new("--agent-model") { Description = "Model the agent CLI uses" };
    public Option<string> ContextBudget { get; } = new("--context-budget") { Description = "Tokens of context per task prompt (default 32000)" };
    public Option<string> QuorumRetries { get; } = new("--quorum-retries") { Description = "Re-validations after a quorum RETRY (default 3)" };
    public Option<string> QuorumAgents { get; } = new("--quorum-agents") { Description = "Agents that also review the plan, e.g. claude,codex" };
    public Option<string> MaxConcurrent { get; } = new("--max-concurrent", "-c") { Description = "Agents at once (default 3)" };
    public Option<string> Timeout { get; } = new("--timeout", "-t") { Description = "Per-task time limit in seconds" };
    public Option<string> Retries { get; } = new("--retries") { Description = "Extra attempts for a failed or timed-out task (default 1)" };
    public Option<string> RetryDelay { get; } = new("--retry-delay") { Description = "Seconds before the first retry, doubled after (default 1)" };
    public Option<string> TaskCheckCommand { get; } = new("--task-check-command") { Description = "Run in every task's worktree after its agent; failing fails the task" };
    public Option<bool> RequireChanges { get; } = new("--require-changes") { Description = "A task whose agent changed nothing fails" };
    public Option<string> MaxLogBytes { get; } = new("--max-log-bytes") { Description = "Size limit of a task's log; head and tail kept (default 10485760)" };
    public Option<string> RateLimitWait { get; } = new("--rate-limit-wait") { Description = "Seconds a task may wait in all for its agent's rate or usage limit (default 1800)" };
    public Option<string> SetupCommand { get; } = new("--setup-command") { Description = "Run in each new worktree before its agent (through the shell); failing fails the task" };
    public Option<string> SetupTimeout { get; } = new("--setup-timeout") { Description = "Time limit for the setup command in seconds" };
    public Option<string> CopyIgnored { get; } = new("--copy-ignored") { Description = "Globs of git-ignored files (.env) copied into every worktree, never committed" };
    public Option<bool> Sparse { get; } = new("--sparse") { Description = "A task with files in the plan gets a sparse worktree: their folders and top-level files" };
    public Option<string> MaxCostUsd { get; } = new("--max-cost-usd") { Description = "Start no new task once the run has spent this many USD" };
    public Option<string> MaxTokens { get; } = new("--max-tokens") { Description = "Start no new task once the run has used this many tokens" };
    public Option<string> TaskMaxTurns { get; } = new("--task-max-turns") { Description = "Turn cap per task, for CLIs that have one (claude --max-turns)" };
    public Option<string> TestCommand { get; } = new("--test-command") { Description = "Run through the shell on the merged result" };
    public Option<string> TestTimeout { get; } = new("--test-timeout") { Description = "Time limit for the test command in seconds" };
    public Option<string> MergeStrategy { get; } = new("--merge-strategy") { Description = "batch (test once, bisect on failure) or each" };
    public Option<string> OnConflict { get; } = new("--on-conflict") { Description = "report or retry-sequential" };
    public Option<string> MergeInto { get; } = new("--merge-into") { Description = "Branch fast-forwarded to the result when all merged green" };
    public Option<string> RunId { get; } = new("--run") { Description = "Cleanup: this run (by id)" };
    public Option<string> OlderThan { get; } = new("--older-than") { Description = "Cleanup: every run idle for more than DAYS" };
    public Option<bool> All { get; } = new("--all") { Description = "Cleanup: the runs' task branches too" };
    public Option<bool> IncludeResult { get; } = new("--include-result") { Description = "Cleanup --all: the integration branch (the result) too" };
    public Option<string> JoinRun { get; } = new("--run-id") { Description = "Work on this run: found here or on --remote; a new run takes this id" };
    public Option<string> Remote { get; } = new("--remote") { Description = "The git remote (name or URL) all machines of the run share" };
    public Option<string> Shard { get; } = new("--shard") { Description = "ParallelExecution: run shard i of n (i/n) of the plan's chains" };
    public Option<string> TaskIds { get; } = new("--tasks") { Description = "ParallelExecution: run just these tasks (T1,T4,...)" };
    public Option<string> WaitTimeout { get; } = new("--wait-timeout") { Description = "Seconds a task waits for a dependency done elsewhere (default 3600)" };
    public Option<string> Emit { get; } = new("--emit") { Description = "Print github-matrix or buildkite for CI once planned (the log goes to stderr)" };
    public Option<string> Shards { get; } = new("--shards") { Description = "At most N shards in the GitHub matrix (default 20, at most 256)" };
    public Option<bool> Json { get; } = new("--json") { Description = "The result object on stdout, the log on stderr" };
    public Option<string> Verbosity { get; } = new("--verbosity", "-v") { Description = "quiet, minimal, normal, verbose or diagnostic" };
    public Option<string> Heartbeat { get; } = new("--heartbeat") { Description = "Not on a terminal: name the running tasks every SECONDS (default 30)" };
    public Option<bool> DryRun { get; } = new("--dryrun", "--noop", "--whatif") { Description = "Show what would run" };
    public Option<bool> Tree { get; } = new("--tree") { Description = "Show the targets' dependency tree" };
    public Option<bool> Descriptions { get; } = new("--description", "--showdescription") { Description = "Show the targets' descriptions" };
    public Option<bool> Serve { get; } = new("--serve") { Description = "Serve the dashboard and control API while the run goes on" };
    public Option<string> Port { get; } = new("--port") { Description = "The dashboard's port (default: a free one, printed)" };
    public Option<string> ServeHost { get; } = new("--serve-host") { Description = "Address the dashboard binds (default 127.0.0.1)" };
    public Option<string> NotifyUrl { get; } = new("--notify-url") { Description = "POST a JSON event to this URL on each phase transition, task end and run end" };
    public Option<string> NotifyGitHub { get; } = new("--notify-github") { Description = "Comment on owner/repo#number at phase ends and the run's end (GITHUB_TOKEN)" };
    public Option<string> GitHubApiUrl { get; } = new("--github-api-url") { Description = "GitHub's REST API (default https://api.github.com/; for GitHub Enterprise)" };
    public Option<bool> Help { get; } = new("--help", "-h", "-?") { Description = "Show this help" };
    public Option<bool> Version { get; } = new("--version") { Description = "Show the version" };

    public IReadOnlyList<Flag> Every => field ??=
    [
        new(Target, Phases), new(StopAfterPhase, Phases), new(OnlyPhase, Phases), new(SkipPhases, Phases, "skip_phases"),
        new(Exclusive, Phases), new(Resume, Phases), new(SaveState, Phases), new(LoadState, Phases),
        new(Plan, Run, "plan_path"), new(RepoPath, Run, "repo_path"), new(Artifacts, Run), new(Prompt, Run, "user_prompt"),
        new(Agent, Agents, "agent"), new(AgentCommand, Agents, "agent_command"), new(AgentPath, Agents, "agent_path"),
        new(AgentArgs, Agents, "agent_args"), new(AgentModel, Agents, "agent_model"),
        new(ContextBudget, Context, "context_budget"), new(QuorumRetries, Context, "quorum_retries"), new(QuorumAgents, Context, "quorum_agents"),
        new(MaxConcurrent, Execution, "max_concurrent"), new(Timeout, Execution, "timeout_seconds"), new(Retries, Execution, "retries"),
        new(RetryDelay, Execution, "retry_delay_seconds"), new(TaskCheckCommand, Execution, "task_check_command"),
        new(RequireChanges, Execution, "require_changes"), new(MaxLogBytes, Execution, "max_log_bytes"),
        new(RateLimitWait, Execution, "rate_limit_wait_seconds"), new(SetupCommand, Execution, "setup_command"),
        new(SetupTimeout, Execution, "setup_timeout_seconds"), new(CopyIgnored, Execution, "copy_ignored"),
        new(Sparse, Execution, "sparse"),
        new(MaxCostUsd, Execution, "max_cost_usd"), new(MaxTokens, Execution, "max_tokens"), new(TaskMaxTurns, Execution, "task_max_turns"),
        new(TestCommand, Merging, "test_command"), new(TestTimeout, Merging, "test_timeout_seconds"),
        new(MergeStrategy, Merging, "merge_strategy"), new(OnConflict, Merging, "on_conflict"), new(MergeInto, Merging, "merge_into"),
        new(JoinRun, Machines), new(Remote, Machines, "remote"), new(Shard, Machines), new(TaskIds, Machines),
        new(WaitTimeout, Machines, "wait_timeout_seconds"), new(Emit, Machines), new(Shards, Machines),
        new(RunId, Maintenance), new(OlderThan, Maintenance), new(All, Maintenance), new(IncludeResult, Maintenance),
        new(Json, Output), new(Verbosity, Output), new(Heartbeat, Output), new(DryRun, Output), new(Tree, Output), new(Descriptions, Output),
        new(Help, Output), new(Version, Output),
        new(Serve, Dashboard), new(Port, Dashboard), new(ServeHost, Dashboard), new(NotifyUrl, Dashboard), new(NotifyGitHub, Dashboard),
        new(GitHubApiUrl, Dashboard),
    ];
}
