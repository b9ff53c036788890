using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Cake.Core.Diagnostics;
using Orchestrator.Agents;
using Orchestrator.Distribution;
using Orchestrator.Notifications;
using Orchestrator.Pipeline;
using Orchestrator.Plans;
using Orchestrator.Runs;

namespace Orchestrator.Cli;

/// <summary>Turns the command line into <see cref="HostOptions"/>; every mistake is a <see cref="UsageException"/> naming the flag.</summary>
internal static class HostCommandLine
{
    /// <summary>The engine's own defaults, for the flags not given.</summary>
    private static readonly RunSettings Defaults = new();

    public static HostOptions Parse(IReadOnlyList<string> args, Func<string> readStandardInput, string workingDirectory, IReadOnlyList<PhaseDeclaration> phases)
    {
        var flags = new Flags();
        var root = new RootCommand("Orchestrator");
        root.Options.Clear();
        flags.Every.ToList().ForEach(f => root.Options.Add(f.Option));
        var result = root.Parse([.. args]);
        if (result.GetValue(flags.Help) || result.GetValue(flags.Version))
        {
            return new HostOptions(new RunRequest()) { Help = result.GetValue(flags.Help), Version = result.GetValue(flags.Version) };
        }

        if (result.Errors.Count > 0)
        {
            throw new UsageException(Describe(result.Errors[0], args));
        }

        string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path, workingDirectory);
        var (target, onlyPhase) = ResolveTarget(result, flags, phases);
        var plan = result.GetValue(flags.Plan);
        var agentPath = result.GetValue(flags.AgentPath);
        var settings = new RunSettings
        {
            RepoPath = FullPath(result.GetValue(flags.RepoPath)),
            PlanPath = plan is null or "-" ? plan : FullPath(plan),
            Agent = result.GetValue(flags.Agent) ?? Defaults.Agent,
            AgentCommand = result.GetValue(flags.AgentCommand),
            AgentPath = agentPath is not null && agentPath.Contains('/') ? FullPath(agentPath) : agentPath,
            AgentArgs = result.GetValue(flags.AgentArgs),
            AgentModel = result.GetValue(flags.AgentModel),
            TestCommand = result.GetValue(flags.TestCommand),
            TestTimeoutSeconds = PositiveInt(result.GetValue(flags.TestTimeout), "--test-timeout"),
            MaxConcurrent = PositiveInt(result.GetValue(flags.MaxConcurrent), "--max-concurrent") ?? Defaults.MaxConcurrent,
            TimeoutSeconds = PositiveInt(result.GetValue(flags.Timeout), "--timeout"),
            Retries = WholeNumber(result.GetValue(flags.Retries), "--retries") ?? Defaults.Retries,
            RetryDelaySeconds = Seconds(result.GetValue(flags.RetryDelay), "--retry-delay") ?? Defaults.RetryDelaySeconds,
            TaskCheckCommand = result.GetValue(flags.TaskCheckCommand),
            RequireChanges = result.GetValue(flags.RequireChanges),
            MaxLogBytes = PositiveInt(result.GetValue(flags.MaxLogBytes), "--max-log-bytes") ?? Defaults.MaxLogBytes,
            RateLimitWaitSeconds = WholeNumber(result.GetValue(flags.RateLimitWait), "--rate-limit-wait") ?? Defaults.RateLimitWaitSeconds,
            SetupCommand = result.GetValue(flags.SetupCommand),
            SetupTimeoutSeconds = PositiveInt(result.GetValue(flags.SetupTimeout), "--setup-timeout"),
            CopyIgnored = Names(result.GetValue(flags.CopyIgnored)),
            Sparse = result.GetValue(flags.Sparse),
            MaxCostUsd = Amount(result.GetValue(flags.MaxCostUsd), "--max-cost-usd"),
            MaxTokens = PositiveInt(result.GetValue(flags.MaxTokens), "--max-tokens"),
            TaskMaxTurns = PositiveInt(result.GetValue(flags.TaskMaxTurns), "--task-max-turns"),
            MergeStrategy = OneOf(result.GetValue(flags.MergeStrategy), "--merge-strategy", Defaults.MergeStrategy,
                ("batch", MergeStrategy.Batch), ("each", MergeStrategy.Each)),
            OnConflict = OneOf(result.GetValue(flags.OnConflict), "--on-conflict", Defaults.OnConflict,
                ("report", ConflictPolicy.Report), ("retry-sequential", ConflictPolicy.RetrySequential)),
            MergeInto = result.GetValue(flags.MergeInto) is { Length: > 0 } into ? into
                : result.GetResult(flags.MergeInto) is null ? null : throw new UsageException("--merge-into: expected a branch name"),
            ContextBudget = PositiveInt(result.GetValue(flags.ContextBudget), "--context-budget") ?? Defaults.ContextBudget,
            QuorumRetries = WholeNumber(result.GetValue(flags.QuorumRetries), "--quorum-retries") ?? Defaults.QuorumRetries,
            QuorumAgents = Names(result.GetValue(flags.QuorumAgents)),
            SkipPhases = Names(result.GetValue(flags.SkipPhases)).Select(p => ParsePhase(p, "--skip-phases", phases).Name).Distinct().ToList(),
            UserPrompt = result.GetValue(flags.Prompt),
            Remote = result.GetValue(flags.Remote) is { Length: > 0 } remote ? remote
                : result.GetResult(flags.Remote) is null ? null : throw new UsageException("--remote: expected a remote's name or URL"),
            WaitTimeoutSeconds = PositiveInt(result.GetValue(flags.WaitTimeout), "--wait-timeout") ?? Defaults.WaitTimeoutSeconds,
        };
        var given = flags.Every.Where(f => f.Setting is not null && result.GetResult(f.Option) is { Implicit: false }).Select(f => f.Setting!).ToHashSet();
        var loadState = FullPath(result.GetValue(flags.LoadState));
        var joinRun = result.GetValue(flags.JoinRun);
        var continues = onlyPhase is not null || result.GetValue(flags.Resume) || loadState is not null || Targets.Maintenance.Contains(target)
            || target == HostOptions.ServeTarget || joinRun is not null;
        var request = new RunRequest
        {
            ArtifactsPath = FullPath(result.GetValue(flags.Artifacts) ?? "artifacts")!,
            Settings = settings,
            Given = given,
            PlanJson = plan == "-" ? readStandardInput() : null,
            Target = target,
            OnlyPhase = onlyPhase,
            Resume = result.GetValue(flags.Resume),
            LoadStatePath = loadState,
            SaveStatePath = FullPath(result.GetValue(flags.SaveState)),
            Cleanup = new CleanupRequest
            {
                RunId = result.GetValue(flags.RunId),
                OlderThanDays = Days(result.GetValue(flags.OlderThan)),
                Branches = result.GetValue(flags.All),
                IncludeResult = result.GetValue(flags.IncludeResult),
            },
            RunId = joinRun is null || TaskId.IsValid(joinRun) ? joinRun
                : throw new UsageException($"--run-id: {TaskId.Printable(joinRun)} is not a run id (letters, digits, '.', '_', '-')"),
            Selection = Selection(result, flags),
            Emit = OneOf<EmitFormat?>(result.GetValue(flags.Emit), "--emit", null, ("github-matrix", EmitFormat.GitHubMatrix), ("buildkite", EmitFormat.Buildkite)),
            Shards = PositiveInt(result.GetValue(flags.Shards), "--shards") is { } shards
                ? shards <= ChainShards.MatrixLimit ? shards : throw new UsageException($"--shards: at most {ChainShards.MatrixLimit} (GitHub's matrix limit), got {shards}")
                : 20,
        };
        if (request.Cleanup.IncludeResult && !request.Cleanup.Branches)
        {
            throw new UsageException("--include-result: only with --all (it deletes the integration branch too)");
        }

        if (request.Cleanup.RunId is not null && request.Cleanup.OlderThanDays is not null)
        {
            throw new UsageException("--run and --older-than cannot be used together");
        }

        var serve = result.GetValue(flags.Serve) || target == HostOptions.ServeTarget;
        foreach (var flag in new Option[] { flags.Port, flags.ServeHost }.Where(f => !serve && result.GetResult(f) is not null))
        {
            throw new UsageException($"{flag.Name}: only with --serve or --target=Serve");
        }

        return new HostOptions(request)
        {
            Serve = serve,
            Port = WholeNumber(result.GetValue(flags.Port), "--port") is { } port
                ? port <= 65535 ? port : throw new UsageException($"--port: expected 0 to 65535, got '{port}'")
                : 0,
            ServeHost = result.GetValue(flags.ServeHost) is { } host
                ? IPAddress.TryParse(host, out var address) ? address : throw new UsageException($"--serve-host: expected an IP address, got '{host}'")
                : null,
            NotifyUrl = HttpUrl(result.GetValue(flags.NotifyUrl), "--notify-url"),
            NotifyGitHub = result.GetValue(flags.NotifyGitHub) is { } issue
                ? GitHubTarget.Parse(issue) ?? throw new UsageException($"--notify-github: expected owner/repo#number, got '{issue}'")
                : null,
            GitHubApiUrl = HttpUrl(result.GetValue(flags.GitHubApiUrl), "--github-api-url") is { } api
                ? new Uri(api.AbsoluteUri.TrimEnd('/') + "/")
                : null,
            NotifyArgs = [.. new[] { flags.NotifyUrl, flags.NotifyGitHub, flags.GitHubApiUrl }
                .Where(f => result.GetValue(f) is not null).Select(f => $"{f.Name}={result.GetValue(f)}")],
            Exclusive = onlyPhase is not null,
            DryRun = result.GetValue(flags.DryRun),
            Tree = result.GetValue(flags.Tree),
            Description = result.GetValue(flags.Descriptions),
            Verbosity = ParseVerbosity(result.GetValue(flags.Verbosity)),
            Json = result.GetValue(flags.Json),
            Heartbeat = TimeSpan.FromSeconds(PositiveInt(result.GetValue(flags.Heartbeat), "--heartbeat") ?? 30),
            UseSample = settings.RepoPath is null && plan is null && !continues,
        };
    }

    private static TaskSelection? Selection(ParseResult result, Flags flags)
    {
        var (shard, tasks) = (result.GetValue(flags.Shard), result.GetValue(flags.TaskIds));
        if (shard is not null && tasks is not null)
        {
            throw new UsageException("--shard and --tasks cannot be used together");
        }

        if (Names(tasks).FirstOrDefault(id => !TaskId.IsValid(id)) is { } bad)
        {
            throw new UsageException($"--tasks: {TaskId.Printable(bad)} is not a task id");
        }

        return shard is not null ? TaskSelection.ParseShard(shard)
            : tasks is not null ? new TaskSelection { Tasks = Names(tasks) is { Count: > 0 } ids ? ids : throw new UsageException("--tasks: expected task ids (T1,T4,...)") }
            : null;
    }

    private static (string Target, string? OnlyPhase) ResolveTarget(ParseResult result, Flags flags, IReadOnlyList<PhaseDeclaration> phases)
    {
        var given = new Option[] { flags.Target, flags.StopAfterPhase, flags.OnlyPhase }.Where(o => result.GetResult(o) is not null).ToList();
        if (given.Count > 1)
        {
            throw new UsageException($"{given[0].Name} and {given[1].Name} cannot be used together");
        }

        if (result.GetValue(flags.OnlyPhase) is { } only)
        {
            return (Targets.Default, ParsePhase(only, "--only-phase", phases).Name);
        }

        if (result.GetValue(flags.StopAfterPhase) is { } stop)
        {
            var phase = ParsePhase(stop, "--stop-after-phase", phases).Name;
            return result.GetValue(flags.Exclusive) ? (Targets.Default, phase) : (phase, null);
        }

        var target = result.GetValue(flags.Target) ?? Targets.Default;
        var known = phases.Select(p => p.Name).Concat([Targets.Default, .. Targets.Maintenance, HostOptions.ServeTarget]).ToList();
        var name = known.FirstOrDefault(k => string.Equals(k, target, StringComparison.OrdinalIgnoreCase))
            ?? phases.FirstOrDefault(p => p.IsNamedBy(target))?.Name
            ?? throw new UsageException($"--target: unknown target '{target}' (known: {string.Join(", ", known)})");
        return result.GetValue(flags.Exclusive) && phases.Any(p => p.Name == name) ? (Targets.Default, name) : (name, null);
    }

    private static PhaseDeclaration ParsePhase(string text, string flag, IReadOnlyList<PhaseDeclaration> phases) =>
        PhaseDeclaration.Named(phases, text, flag);

    private static int? PositiveInt(string? text, string flag) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new UsageException($"{flag}: expected a positive whole number, got '{text}'");

    private static int? WholeNumber(string? text, string flag) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new UsageException($"{flag}: expected a whole number (0 or more), got '{text}'");

    private static double? Seconds(string? text, string flag) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 3600 ? value
        : throw new UsageException($"{flag}: expected seconds (0 to 3600), got '{text}'");

    private static decimal? Amount(string? text, string flag) =>
        text is null ? null
        : decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new UsageException($"{flag}: expected an amount in USD above 0, got '{text}'");

    private static Uri? HttpUrl(string? text, string flag) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new UsageException($"{flag}: expected an http or https URL, got '{text}'");

    private static double? Days(string? text) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 36_500 ? value
        : throw new UsageException($"--older-than: expected days (a number, 0 or more), got '{text}'");

    private static T OneOf<T>(string? text, string flag, T fallback, params (string Name, T Value)[] choices) =>
        text is null ? fallback
        : choices.FirstOrDefault(c => c.Name == text) is { Name: not null } chosen ? chosen.Value
        : throw new UsageException($"{flag}: expected {string.Join(" or ", choices.Select(c => c.Name))}, got '{text}'");

    private static Verbosity ParseVerbosity(string? text) =>
        text is null ? Verbosity.Normal
        : VerbosityParser.TryParse(text, out var verbosity) ? verbosity
        : throw new UsageException($"--verbosity: unknown verbosity '{text}' (quiet, minimal, normal, verbose, diagnostic)");

    private static List<string> Names(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];

    private static string Describe(ParseError error, IReadOnlyList<string> args)
    {
        var flag = args.Select(a => a.Split('=')[0]).FirstOrDefault(a => a.StartsWith('-') && error.Message.Contains($"'{a}'", StringComparison.Ordinal));
        return flag is null ? error.Message.TrimEnd('.')
            : error.Message.Contains("expects a single argument", StringComparison.Ordinal) ? $"{flag}: given more than once"
            : $"unknown flag {flag}";
    }
}
