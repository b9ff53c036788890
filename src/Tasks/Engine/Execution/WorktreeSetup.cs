using Microsoft.Extensions.FileSystemGlobbing;
using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Runs;

namespace Orchestrator.Execution;

/// <summary>
/// Makes a new worktree ready to build in before its agent starts: the repository checkout's git-ignored files that
/// match <c>--copy-ignored</c> copied in (only files the worktree ignores too, so they are never committed), then
/// <c>--setup-command</c> run like a check, with <c>--setup-timeout</c>. Either may come from <see cref="RepositoryConfig"/>.
/// </summary>
internal sealed class WorktreeSetup(RunSettings settings, IRunLog log)
{
    private readonly SemaphoreSlim _listing = new(1, 1);
    private IReadOnlyList<string>? _ignored;

    /// <summary>The run's set-up: its flags, else the repository's <see cref="RepositoryConfig"/>.</summary>
    public static WorktreeSetup For(PhaseContext run) => new(RepositoryConfig.Load(run.Settings.RepoPath).Under(run.Settings), run.Log);

    public bool IsNeeded => settings.SetupCommand is not null || settings.CopyIgnored.Count > 0;

    /// <summary>Null when the worktree is ready; else why not (the task fails with it).</summary>
    public async Task<string?> PrepareAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        if (settings.CopyIgnored.Count > 0)
        {
            await CopyIgnoredAsync(invocation.Worktree, cancellation);
        }

        if (settings.SetupCommand is not { } command)
        {
            return null;
        }

        var setup = invocation with { Timeout = settings.SetupTimeout };
        return await TaskChecks.RunAsync([command], setup, cancellation, what: "setup command");
    }

    private async Task CopyIgnoredAsync(string worktree, CancellationToken cancellation)
    {
        var wanted = await IgnoredInCheckoutAsync(cancellation);
        if (wanted.Count == 0)
        {
            return;
        }

        // Only what the worktree ignores as well: a file its committed .gitignore does not cover would be committed.
        var ignoredThere = (await new GitCli(worktree).TryRunAsync(["check-ignore", .. wanted], cancellation)).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var path in wanted)
        {
            if (!ignoredThere.Contains(path))
            {
                log.Warning($"--copy-ignored: {path} is not ignored by the committed .gitignore, so it is not copied (it would be committed)");
                continue;
            }

            var target = Path.Combine(worktree, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(settings.RepoPath!, path), target, overwrite: true);
        }
    }

    /// <summary>The checkout's ignored files matching the globs, listed once per run.</summary>
    private async Task<IReadOnlyList<string>> IgnoredInCheckoutAsync(CancellationToken cancellation)
    {
        await _listing.WaitAsync(cancellation);
        try
        {
            if (_ignored is null)
            {
                var matcher = new Matcher(StringComparison.Ordinal);
                matcher.AddIncludePatterns(settings.CopyIgnored);
                var ignored = await new GitCli(settings.RepoPath!).LinesAsync(
                    ["ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "--no-empty-directory"], cancellation);
                var files = ignored.Where(p => !p.EndsWith('/')).ToList();
                var insideMatchedFolders = ignored.Where(p => p.EndsWith('/') && matcher.Match(p.TrimEnd('/')).HasMatches)
                    .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(settings.RepoPath!, folder), "*", SearchOption.AllDirectories))
                    .Select(f => Path.GetRelativePath(settings.RepoPath!, f).Replace('\\', '/'));
                _ignored = [.. files.Where(f => matcher.Match(f).HasMatches).Concat(insideMatchedFolders).Distinct()];
            }

            return _ignored;
        }
        finally
        {
            _listing.Release();
        }
    }
}
