using System.Security.Cryptography;
using Orchestrator.Git;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// Turns a request into a run before any phase: a new run, or the saved one going on (<c>--resume</c>,
/// <c>--only-phase</c>, <c>--load-phase-state</c>) with its saved settings and the flags given again over them; the
/// repository, its base commit and the plan resolved. Writes nothing: bad input stops here with nothing created.
/// </summary>
internal sealed class RunPreparation(RunRequest request, IReadOnlyList<PhaseDeclaration> phases, IRunLog log)
{
    public async Task<PreparedRun> PrepareAsync(CancellationToken cancellation)
    {
        if (File.Exists(request.ArtifactsPath) || new FileInfo(request.ArtifactsPath).LinkTarget is not null && !Directory.Exists(request.ArtifactsPath))
        {
            throw new InputException($"--artifacts: {request.ArtifactsPath} is a file (or a broken link), not a folder");
        }

        var store = new StateStore(Path.Combine(request.ArtifactsPath, RunLayout.StateFolder), RunLayout.StateFile);
        var wantsSaved = request.Resume || request.OnlyPhase is not null || request.Settings.SkipPhases.Count > 0;
        var saved = request.LoadStatePath is { } file ? StateStore.Load(file) : wantsSaved ? store.LoadLatest() : null;
        var joined = false;
        if (request.RunId is { } runId)
        {
            (saved, joined) = await FindRunAsync(runId, store, cancellation);
        }

        if (request.Resume && saved is null)
        {
            throw new InputException($"--resume: no saved run to go on with in {store.Directory}");
        }

        if (saved is not null)
        {
            CheckPhaseNames(saved, request.LoadStatePath ?? store.StatePath);
        }

        var continuing = saved is not null && (request.Resume || request.OnlyPhase is not null || request.LoadStatePath is not null || request.RunId is not null);
        var settings = continuing ? Restore(saved!) : request.Settings;
        var (requested, planHash) = LoadRequestedPlan(settings);
        if (continuing && requested is not null && saved!.Settings?["plan_sha256"]?.ToString() is { Length: > 0 } savedHash
            && savedHash != planHash)
        {
            if (request.Resume)
            {
                throw new InputException(
                    $"--resume: the plan {requested.SourcePath} is not the one this run started with ({saved.PlanPath}): its content changed " +
                    $"(sha256 {planHash![..12]}, saved {savedHash[..Math.Min(12, savedHash.Length)]}); resume without --plan to go on " +
                    "with the saved plan, or start a new run");
            }

            log.Warning($"The plan {requested.SourcePath} is not the one run {saved.RunId} started with; the phases run now use it");
        }

        var plan = requested ?? (continuing ? SavedPlanOf(saved!) : null);
        settings = settings with
        {
            PlanPath = plan?.SourcePath ?? settings.PlanPath,
            PlanSha256 = planHash ?? settings.PlanSha256,
        };
        var (repoPath, baseCommit, baseTree) = await ResolveRepositoryAsync(settings, continuing ? saved!.BaseCommit : null, cancellation);
        settings = settings with { RepoPath = repoPath, BaseCommit = baseCommit };
        var state = continuing ? saved! : NewState(settings, saved);
        state.RepoPath = repoPath;
        state.BaseCommit = baseCommit;
        state.PlanPath = settings.PlanPath;
        state.UserPrompt = settings.UserPrompt;
        if (requested is not null)
        {
            state.Plan = requested.Tasks.Count > StateStore.CompactAbove
                ? StateJson.Raw(SavedPlan.From(requested), Agents.SecretRedactor.FromEnvironment().Redact)
                : StateJson.ToToken(SavedPlan.From(requested));
        }
        else if (plan is not null && state.Plan is null)
        {
            state.Plan = StateJson.ToToken(SavedPlan.From(plan)); // a state file from before plans were saved in it
        }

        return new PreparedRun
        {
            State = state,
            Settings = settings,
            Plan = plan,
            Layout = new RunLayout(request.ArtifactsPath, state.RunId),
            Continuing = continuing,
            LoadedFromFile = continuing && (request.LoadStatePath is not null || joined),
            Joined = joined,
            Saved = saved,
            BaseTree = baseTree,
        };
    }

    /// <summary>The saved settings with the flags given again over them; each changed value is said in the log.</summary>
    private RunSettings Restore(RunState saved)
    {
        var settings = StateJson.FromToken<RunSettings>(saved.Settings)
            ?? new RunSettings { RepoPath = saved.RepoPath, BaseCommit = saved.BaseCommit, PlanPath = saved.PlanPath };
        var restored = settings.Overlay(request.Settings, request.Given, line => log.Info($"Saved run {saved.RunId}: {line}"));
        if (restored.Redacted.FirstOrDefault() is { } missing)
        {
            var flag = RunSettings.FlagOf(missing);
            throw new InputException($"{flag}: the run's saved value held a secret, so it was not saved; pass {flag} again to go on");
        }

        return restored;
    }

    private (TaskPlan? Plan, string? Sha256) LoadRequestedPlan(RunSettings settings)
    {
        if (request.PlanJson is { } json)
        {
            using var reader = new StringReader(json);
            return (PlanLoader.LoadJson(reader, "-"), Hash(System.Text.Encoding.UTF8.GetBytes(json)));
        }

        var given = request.Given.Contains("plan_path") || !request.Resume && request.OnlyPhase is null && request.LoadStatePath is null;
        if (!given || settings.PlanPath is not { } path || path == "-")
        {
            return (null, null);
        }

        var (plan, content) = PlanLoader.LoadWithContent(path);
        plan.Warnings.ToList().ForEach(log.Warning);
        return (plan, Hash(content));
    }

    private static TaskPlan? SavedPlanOf(RunState saved)
    {
        if (StateJson.FromToken<SavedPlan>(saved.Plan) is { } kept)
        {
            return kept.ToPlan();
        }

        // A state file from before plans were saved in it: the plan file it names, if it is still there.
        return saved.PlanPath is { } path && File.Exists(path) ? PlanLoader.Load(path) : null;
    }

    private async Task<(string RepoPath, string BaseCommit, string? BaseTree)> ResolveRepositoryAsync(
        RunSettings settings, string? savedBase, CancellationToken cancellation)
    {
        var requested = settings.RepoPath ?? throw new InputException("no repository to work on: pass --repo-path=DIR");
        var git = new GitCli(requested);
        // A run carried on is checked against its saved base in the same call; a new one starts from HEAD.
        var (top, head, tree) = Locate(git, savedBase ?? "HEAD", cancellation);
        if (savedBase is not null && top is not null)
        {
            return (top, savedBase, tree);
        }

        top ??= await CheckRepositoryAsync(git, requested, cancellation);
        if (savedBase is not null)
        {
            return await new GitCli(top).ResolveAsync(savedBase, cancellation) is not null ? (top, savedBase, null)
                : throw new InputException($"--repo-path: the run's base commit {savedBase[..12]} is not in {top}");
        }

        head ??= await git.ResolveAsync("HEAD", cancellation)
            ?? throw new InputException($"--repo-path: repository has no commit to start from: {top}");
        if (git.Run(["status", "--porcelain", "--untracked-files=no"], cancellation).Length > 0)
        {
            log.Warning($"{top} has uncommitted changes; tasks start from the last commit {head[..12]}");
        }

        return (top, head, tree);
    }

    /// <summary>
    /// A checkout's top folder, the commit <paramref name="revision"/> names and that commit's tree from one
    /// <c>git rev-parse</c> (each git process is start-up time); nulls when that call fails, and
    /// <see cref="CheckRepositoryAsync"/> then says what is wrong with the folder.
    /// </summary>
    private static (string? Top, string? Head, string? Tree) Locate(GitCli git, string revision, CancellationToken cancellation)
    {
        if (!Directory.Exists(git.WorkingDirectory))
        {
            return (null, null, null);
        }

        var result = git.TryRun(["rev-parse", "--is-bare-repository", "--show-toplevel", $"{revision}^{{commit}}", $"{revision}^{{tree}}"], cancellation);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return result.ExitCode == 0 && lines is ["false", { Length: > 0 } top, { Length: > 0 } head, { Length: > 0 } tree]
            ? (top, head, tree)
            : (null, null, null);
    }

    /// <summary>The checks one by one, each with its own message; the top folder when they all pass.</summary>
    private static async Task<string> CheckRepositoryAsync(GitCli git, string requested, CancellationToken cancellation)
    {
        if (!await git.IsRepositoryAsync(cancellation))
        {
            throw new InputException($"--repo-path: not a git repository: {requested}");
        }

        if (await git.RunAsync(["rev-parse", "--is-bare-repository"], cancellation) == "true")
        {
            throw new InputException($"--repo-path: {requested} is a bare repository; give a checkout of it");
        }

        var topLevel = await git.TryRunAsync(["rev-parse", "--show-toplevel"], cancellation);
        return topLevel.ExitCode == 0 && topLevel.StandardOutput.Trim().Length > 0 ? topLevel.StandardOutput.Trim()
            : throw new InputException($"--repo-path: {requested} has no work tree (a bare repository or a .git folder); give a checkout");
    }

    /// <summary>A new run; phases it skips carry the outputs the latest saved run had for them.</summary>
    private RunState NewState(RunSettings settings, RunState? previous)
    {
        var skipped = phases.Where(p => settings.SkipPhases.Contains(p.Name)).ToList();
        var state = new RunState
        {
            RunId = request.RunId ?? $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}",
            Settings = settings.ToJson(),
            PhasesExecuted = previous?.PhasesExecuted.Where(r => skipped.Any(p => p.StateName == r.Phase)).ToList() ?? [],
        };
        foreach (var phase in skipped.Where(p => p.StateField is not null))
        {
            if (previous?.PhaseFields.TryGetValue(phase.StateField!, out var carried) == true)
            {
                state.PhaseFields[phase.StateField!] = carried;
            }
        }

        return state;
    }

    /// <summary>
    /// The run <c>--run-id</c> names: the latest run in the artifacts folder if it is that one, else the one planned
    /// elsewhere and published on <c>--remote</c> (joined: true), else none (a new run takes the id when a plan is given).
    /// </summary>
    private async Task<(RunState? Saved, bool Joined)> FindRunAsync(string runId, StateStore store, CancellationToken cancellation)
    {
        var layout = new RunLayout(request.ArtifactsPath, runId);
        if (store.LoadLatest() is { } local && local.RunId == runId)
        {
            return (local, false);
        }

        var remote = request.Settings.Remote;
        var repoPath = request.Settings.RepoPath;
        if (remote is not null && repoPath is not null && await new GitCli(repoPath).IsRepositoryAsync(cancellation)
            && await new Distribution.RunRemote(new GitCli(repoPath), remote, layout).FetchPlanAsync(cancellation) is { } published)
        {
            log.Info($"Joined run {runId}, planned elsewhere, from {remote}");
            return (StateStore.Parse(published, $"{remote} {layout.PlanRef}"), true);
        }

        var startsNew = !request.Resume && request.OnlyPhase is null && request.LoadStatePath is null
            && (request.Settings.PlanPath is not null || request.PlanJson is not null);
        return startsNew ? (null, false)
            : throw new InputException($"--run-id: no run {runId} in {store.Directory}" +
                (remote is null ? " (pass --remote=<name|url> to find it on the shared remote)" : $" nor on {remote}") +
                (repoPath is null ? "; pass --repo-path=DIR" : ""));
    }

    private void CheckPhaseNames(RunState saved, string path)
    {
        if (saved.PhasesExecuted.FirstOrDefault(r => phases.All(p => p.StateName != r.Phase)) is { } unknown)
        {
            throw new InputException($"{path}: unknown phase '{unknown.Phase}' in saved state");
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
