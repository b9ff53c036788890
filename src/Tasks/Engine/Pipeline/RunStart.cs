using Cake.Core.Diagnostics;
using Orchestrator.Git;
using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Phases;

/// <summary>What a run checks before any phase: the repository, its base commit, and the plan.</summary>
internal static class RunStart
{
    public static async Task ResolveRepositoryAsync(RunState state, OrchestratorOptions options, ICakeLog log)
    {
        var requested = options.RepoPath ?? (state.RepoPath.Length > 0 ? state.RepoPath : null)
            ?? throw new InputException("no repository to work on: pass --repo-path=DIR");
        var git = new GitCli(requested);
        if (!await git.IsRepositoryAsync())
        {
            throw new InputException($"--repo-path: not a git repository: {requested}");
        }

        state.RepoPath = await git.RunAsync("rev-parse", "--show-toplevel");
        if (state.BaseCommit is null)
        {
            state.BaseCommit = await git.ResolveAsync("HEAD")
                ?? throw new InputException($"--repo-path: repository has no commit to start from: {state.RepoPath}");
            var dirty = await git.RunAsync("status", "--porcelain", "--untracked-files=no");
            if (dirty.Length > 0)
            {
                log.WarningLine($"{state.RepoPath} has uncommitted changes; tasks start from the last commit {state.BaseCommit[..12]}");
            }
        }
    }

    /// <summary>The repository's shared .git folder (the same for all its worktrees), where its run lock lives.</summary>
    public static string GitCommonDirectory(string repoPath)
    {
        var dotGit = Path.Combine(repoPath, ".git");
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }

        var common = new GitCli(repoPath).RunAsync("rev-parse", "--path-format=absolute", "--git-common-dir").GetAwaiter().GetResult();
        return Path.GetFullPath(common);
    }

    public static TaskPlan? LoadPlan(OrchestratorOptions options, string repoPath)
    {
        if (options.PlanJson is { } json)
        {
            using var reader = new StringReader(json);
            return PlanLoader.LoadJson(reader, "-");
        }

        if (options.PlanPath is not { } path)
        {
            return null;
        }

        var resolved = File.Exists(path) || Path.IsPathRooted(path) ? path : Path.Combine(repoPath, path);
        return PlanLoader.Load(Path.GetFullPath(resolved));
    }
}
