using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Cake.Core.Diagnostics;
using Orchestrator.Phases;

namespace Orchestrator.Build;

/// <summary>Turns the command line into <see cref="HostOptions"/>; every mistake is a <see cref="UsageException"/> naming the flag.</summary>
internal static class HostCommandLine
{
    private static readonly Option<string> Target = new("--target") { Description = "Phase target to run (with everything before it), Default, Status or Cleanup" };
    private static readonly Option<string> StopAfterPhase = new("--stop-after-phase") { Description = "Same as --target, by phase number or name" };
    private static readonly Option<string> OnlyPhase = new("--only-phase") { Description = "Run just this phase on saved state" };
    private static readonly Option<string> SkipPhases = new("--skip-phases") { Description = "Comma-separated phases not to run" };
    private static readonly Option<string> SaveState = new("--save-phase-state") { Description = "Also write the state to FILE" };
    private static readonly Option<string> LoadState = new("--load-phase-state") { Description = "Start from the state in FILE" };
    private static readonly Option<string> Plan = new("--plan") { Description = "tasks.md or .json plan; - reads JSON from stdin" };
    private static readonly Option<string> RepoPath = new("--repo-path", "-r") { Description = "Target git repository" };
    private static readonly Option<string> MaxConcurrent = new("--max-concurrent", "-c") { Description = "Agents at once (default 3)" };
    private static readonly Option<string> Timeout = new("--timeout", "-t") { Description = "Per-task time limit in seconds" };
    private static readonly Option<string> Agent = new("--agent") { Description = "Agent to run tasks with (default: command)" };
    private static readonly Option<string> AgentCommand = new("--agent-command") { Description = "Program and arguments of the command agent" };
    private static readonly Option<string> TestCommand = new("--test-command") { Description = "Test command run on the merged result" };
    private static readonly Option<string> Artifacts = new("--artifacts") { Description = "Artifacts folder (default: artifacts)" };
    private static readonly Option<string> Prompt = new("--prompt") { Description = "What the user asked for, kept as user_prompt" };
    private static readonly Option<bool> Json = new("--json") { Description = "Result object on stdout, log on stderr" };
    private static readonly Option<bool> All = new("--all") { Description = "Cleanup: also delete the run's branches" };
    private static readonly Option<bool> Exclusive = new("--exclusive", "-e") { Description = "Run the target without its dependencies" };
    private static readonly Option<bool> DryRun = new("--dryrun", "--noop", "--whatif") { Description = "Show what would run" };
    private static readonly Option<bool> Tree = new("--tree") { Description = "Show the target dependency tree" };
    private static readonly Option<bool> Descriptions = new("--description", "--showdescription") { Description = "Show target descriptions" };
    private static readonly Option<string> Verbosity = new("--verbosity", "-v") { Description = "quiet, minimal, normal, verbose or diagnostic" };
    private static readonly Option<string> MergeInto = new("--merge-into") { Description = "Branch fast-forwarded to the result when all merged green" };
    private static readonly Option<string> MergeStrategyFlag = new("--merge-strategy") { Description = "batch (test once, bisect on failure) or each" };
    private static readonly Option<string> OnConflict = new("--on-conflict") { Description = "report or retry-sequential" };
    private static readonly Option<string> TestTimeout = new("--test-timeout") { Description = "Time limit for the test command in seconds" };
    private static readonly Option<string> AgentPath = new("--agent-path") { Description = "Program of the agent CLI" };
    private static readonly Option<string> AgentArgs = new("--agent-args") { Description = "Extra arguments for the agent CLI" };
    private static readonly Option<string> AgentModel = new("--agent-model") { Description = "Model the agent CLI uses" };
    private static readonly Option<string> ContextBudget = new("--context-budget") { Description = "Tokens of context per task prompt (default 32000)" };
    private static readonly Option<string> QuorumRetries = new("--quorum-retries") { Description = "Re-validations after a quorum RETRY (default 3)" };
    private static readonly Option<string> QuorumAgents = new("--quorum-agents") { Description = "Agents that also review the plan, e.g. claude,codex" };
    private static readonly Option<bool> Resume = new("--resume") { Description = "Go on with the latest run in the artifacts folder" };
    private static readonly Option<string> Retries = new("--retries") { Description = "Extra attempts for a failed or timed-out task (default 1)" };
    private static readonly Option<string> RetryDelay = new("--retry-delay") { Description = "Seconds before the first retry, doubled after (default 1)" };

    public static HostOptions Parse(IReadOnlyList<string> args, Func<string> readStandardInput)
    {
        var root = new RootCommand("Orchestrator: run a plan of coding tasks with parallel agents, as six Cake targets");
        foreach (var option in new Option[]
        {
            Target, StopAfterPhase, OnlyPhase, SkipPhases, SaveState, LoadState, Plan, RepoPath, MaxConcurrent, Timeout, Agent,
            AgentCommand, TestCommand, Artifacts, Prompt, Json, All, Exclusive, DryRun, Tree, Descriptions, Verbosity,
            MergeInto, MergeStrategyFlag, OnConflict, TestTimeout,
            AgentPath, AgentArgs, AgentModel,
            ContextBudget, QuorumRetries, QuorumAgents,
            Resume, Retries, RetryDelay,
        })
        {
            root.Options.Add(option);
        }

        var result = root.Parse([.. args]);
        if (result.Errors.Count > 0)
        {
            throw new UsageException(Describe(result.Errors[0], args));
        }

        var (target, exclusive, onlyPhase) = ResolveTarget(result);
        var plan = result.GetValue(Plan);
        var repo = result.GetValue(RepoPath);
        var loadState = result.GetValue(LoadState);
        var continues = onlyPhase is not null || target is Pipeline.StatusTarget or Pipeline.CleanupTarget;
        return new HostOptions(new OrchestratorOptions
        {
            RepoPath = repo is null ? null : Path.GetFullPath(repo),
            ArtifactsPath = Path.GetFullPath(result.GetValue(Artifacts) ?? "artifacts"),
            PlanPath = plan is null or "-" ? null : Path.GetFullPath(plan),
            PlanJson = plan == "-" ? readStandardInput() : null,
            SkipPhases = ParsePhaseList(result.GetValue(SkipPhases)),
            OnlyPhase = onlyPhase,
            ContinueSavedRun = continues,
            LoadStatePath = loadState is null ? null : Path.GetFullPath(loadState),
            SaveStatePath = result.GetValue(SaveState) is { } save ? Path.GetFullPath(save) : null,
            MaxConcurrent = PositiveInt(result.GetValue(MaxConcurrent), "--max-concurrent") ?? 3,
            TaskTimeout = PositiveInt(result.GetValue(Timeout), "--timeout") is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Agent = result.GetValue(Agent) ?? "command",
            AgentCommand = result.GetValue(AgentCommand),
            TestCommand = result.GetValue(TestCommand),
            Json = result.GetValue(Json),
            UserPrompt = result.GetValue(Prompt),
            CleanupAll = result.GetValue(All),
            MergeInto = result.GetValue(MergeInto) is { Length: > 0 } into ? into
                : result.GetResult(MergeInto) is null ? null : throw new UsageException("--merge-into: expected a branch name"),
            MergeStrategy = OneOf(result.GetValue(MergeStrategyFlag), "--merge-strategy", Orchestrator.Merge.MergeStrategy.Batch,
                ("batch", Orchestrator.Merge.MergeStrategy.Batch), ("each", Orchestrator.Merge.MergeStrategy.Each)),
            OnConflict = OneOf(result.GetValue(OnConflict), "--on-conflict", Orchestrator.Merge.ConflictPolicy.Report,
                ("report", Orchestrator.Merge.ConflictPolicy.Report), ("retry-sequential", Orchestrator.Merge.ConflictPolicy.RetrySequential)),
            TestTimeout = PositiveInt(result.GetValue(TestTimeout), "--test-timeout") is { } testSeconds ? TimeSpan.FromSeconds(testSeconds) : null,
            AgentPath = result.GetValue(AgentPath) is { } agentPath && agentPath.Contains('/') ? Path.GetFullPath(agentPath) : result.GetValue(AgentPath),
            AgentArgs = result.GetValue(AgentArgs),
            AgentModel = result.GetValue(AgentModel),
            ContextBudget = PositiveInt(result.GetValue(ContextBudget), "--context-budget") ?? 32_000,
            QuorumRetries = WholeNumber(result.GetValue(QuorumRetries), "--quorum-retries") ?? 3,
            QuorumAgents = KnownAgents(ParseNames(result.GetValue(QuorumAgents))),
            Resume = result.GetValue(Resume),
            Retries = NonNegativeInt(result.GetValue(Retries), "--retries") ?? 1,
            RetryDelay = TimeSpan.FromSeconds(NonNegativeNumber(result.GetValue(RetryDelay), "--retry-delay") ?? 1),
        })
        {
            Target = target,
            Exclusive = exclusive,
            DryRun = result.GetValue(DryRun),
            Tree = result.GetValue(Tree),
            Description = result.GetValue(Descriptions),
            Verbosity = ParseVerbosity(result.GetValue(Verbosity)),
            UseSample = repo is null && plan is null && loadState is null && !continues && !result.GetValue(Resume),
        };
    }

    private static (string Target, bool Exclusive, PhaseId? OnlyPhase) ResolveTarget(ParseResult result)
    {
        var given = new[] { Target, StopAfterPhase, OnlyPhase }.Where(o => result.GetResult(o) is not null).ToList();
        if (given.Count > 1)
        {
            throw new UsageException($"{given[0].Name} and {given[1].Name} cannot be used together");
        }

        if (result.GetValue(OnlyPhase) is { } only)
        {
            return (ParsePhase(only, "--only-phase").TargetName(), true, ParsePhase(only, "--only-phase"));
        }

        if (result.GetValue(StopAfterPhase) is { } stop)
        {
            return (ParsePhase(stop, "--stop-after-phase").TargetName(), result.GetValue(Exclusive), null);
        }

        var target = result.GetValue(Target) ?? Pipeline.DefaultTarget;
        var known = PhaseIds.All.Select(p => p.TargetName()).Concat([Pipeline.DefaultTarget, Pipeline.StatusTarget, Pipeline.CleanupTarget]);
        var name = known.FirstOrDefault(k => string.Equals(k, target, StringComparison.OrdinalIgnoreCase))
            ?? (PhaseIds.TryParse(target, out var phase) ? phase.TargetName() : null)
            ?? throw new UsageException($"--target: unknown target '{target}' (known: {string.Join(", ", known)})");
        var exclusive = result.GetValue(Exclusive);
        return (name, exclusive, exclusive && PhaseIds.TryParse(name, out var exclusivePhase) ? exclusivePhase : null);
    }

    private static PhaseId ParsePhase(string text, string flag) =>
        PhaseIds.TryParse(text, out var id) ? id
        : throw new UsageException($"{flag}: unknown phase '{text}' (0-5 or {string.Join(", ", PhaseIds.All.Select(p => p.TargetName()))})");

    private static HashSet<PhaseId> ParsePhaseList(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => ParsePhase(p, "--skip-phases")).ToHashSet();

    private static int? PositiveInt(string? text, string flag) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new UsageException($"{flag}: expected a positive whole number, got '{text}'");

    private static T OneOf<T>(string? text, string flag, T fallback, params (string Name, T Value)[] choices) =>
        text is null ? fallback
        : choices.FirstOrDefault(c => c.Name == text) is { Name: not null } chosen ? chosen.Value
        : throw new UsageException($"{flag}: expected {string.Join(" or ", choices.Select(c => c.Name))}, got '{text}'");
    private static int? NonNegativeInt(string? text, string flag) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new UsageException($"{flag}: expected a whole number (0 or more), got '{text}'");

    private static double? NonNegativeNumber(string? text, string flag) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 3600 ? value
        : throw new UsageException($"{flag}: expected seconds (0 to 3600), got '{text}'");

    private static Cake.Core.Diagnostics.Verbosity ParseVerbosity(string? text) =>
        text is null ? Cake.Core.Diagnostics.Verbosity.Normal
        : VerbosityParser.TryParse(text, out var verbosity) ? verbosity
        : throw new UsageException($"--verbosity: unknown verbosity '{text}' (quiet, minimal, normal, verbose, diagnostic)");

    private static string Describe(ParseError error, IReadOnlyList<string> args)
    {
        var unknown = args.FirstOrDefault(a => a.StartsWith('-') && error.Message.Contains($"'{a}'", StringComparison.Ordinal));
        return unknown is not null ? $"unknown flag {unknown.Split('=')[0]}" : error.Message.TrimEnd('.');
    }

    private static int? WholeNumber(string? text, string flag) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new UsageException($"{flag}: expected a whole number (0 or more), got '{text}'");

    private static List<string> ParseNames(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];

    private static List<string> KnownAgents(List<string> names)
    {
        foreach (var name in names)
        {
            try
            {
                Orchestrator.Agents.AgentCatalog.Create(name, new OrchestratorOptions());
            }
            catch (Orchestrator.InputException ex)
            {
                throw new UsageException($"--quorum-agents: {ex.Message.Replace("--agent: ", "", StringComparison.Ordinal)}");
            }
        }

        return names;
    }
}
