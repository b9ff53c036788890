using Orchestrator.Git;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>
/// The Cleanup target: removes the worktrees of one run (<c>--run</c>), of every run idle for some days
/// (<c>--older-than</c>) or of the latest; with <c>--all</c> their task branches too, and the integration branch (the
/// result) only with <c>--include-result</c>. Refuses while a run holds the artifacts folder or the repository.
/// </summary>
public static class RunCleanup
{
    public static async Task RunAsync(RunRequest request, IRunLog log, CancellationToken cancellation)
    {
        var runs = Select(request);
        foreach (var record in runs)
        {
            var git = new GitCli(record.RepoPath);
            var hasRepository = await git.IsRepositoryAsync(cancellation);
            using var lease = RunLease.Acquire(hasRepository
                ? [(request.ArtifactsPath, "the artifacts folder"), (await git.CommonDirectoryAsync(cancellation), "the repository")]
                : [(request.ArtifactsPath, "the artifacts folder")]);
            var layout = new RunLayout(request.ArtifactsPath, record.RunId);
            var (worktrees, branches) = hasRepository ? await CleanRepositoryAsync(git, layout, request.Cleanup, cancellation) : (0, 0);
            layout.Deletion.DeleteDirectory(layout.WorktreesDirectory);

            var kept = request.Cleanup.Branches && !request.Cleanup.IncludeResult ? $" (kept its result {layout.IntegrationBranch})" : "";
            log.Info($"Removed {worktrees} worktrees{(request.Cleanup.Branches ? $" and {branches} branches" : "")} of run {record.RunId}{kept}" +
                (hasRepository ? "" : $"; its repository {record.RepoPath} is gone"));
        }

        if (runs.Count == 0)
        {
            log.Info($"No run idle for more than {request.Cleanup.OlderThanDays} days");
        }
    }

    private static async Task<(int Worktrees, int Branches)> CleanRepositoryAsync(
        GitCli git, RunLayout layout, CleanupRequest cleanup, CancellationToken cancellation)
    {
        var manager = new Worktrees(git, layout.Deletion);
        var ours = (await manager.ListAsync(cancellation)).Where(p => RunLayout.IsInside(p, layout.WorktreesDirectory)).ToList();
        foreach (var path in ours)
        {
            await manager.RemoveAsync(path, cancellation);
        }

        await git.RunAsync(["worktree", "prune"], cancellation);
        var branches = 0;
        if (cleanup.Branches)
        {
            var refs = await git.LinesAsync(["for-each-ref", "--format=%(refname)", layout.RefPrefix], cancellation);
            foreach (var reference in refs.Where(layout.IsRunRef).Where(r => cleanup.IncludeResult || r != "refs/heads/" + layout.IntegrationBranch))
            {
                await git.RunAsync(["update-ref", "-d", reference], cancellation);
                branches++;
            }
        }

        return (ours.Count, branches);
    }

    private static List<RunRecord> Select(RunRequest request)
    {
        var stateDirectory = Path.Combine(request.ArtifactsPath, RunLayout.StateFolder);
        var index = new RunsIndex(Path.Combine(stateDirectory, RunLayout.RunsIndexFile)).ReadAll().ToList();
        var latest = new StateStore(stateDirectory, RunLayout.StateFile).LoadLatest();
        if (latest is not null && index.All(r => r.RunId != latest.RunId))
        {
            index.Add(new RunRecord(latest.RunId, latest.RepoPath, latest.BaseCommit, latest.SavedAt, latest.PlanPath));
        }

        if (request.Cleanup.RunId is { } id)
        {
            return [index.FirstOrDefault(r => r.RunId == id) ?? throw new InputException(
                $"--run: no run '{id}' in {stateDirectory} (known: {string.Join(", ", index.Select(r => r.RunId).DefaultIfEmpty("none"))})")];
        }

        if (request.Cleanup.OlderThanDays is { } days)
        {
            var journal = new TaskJournal(stateDirectory).ReadAll();
            var cutoff = DateTime.UtcNow - TimeSpan.FromDays(days);
            return index.Where(r => journal.Where(e => e.RunId == r.RunId).Select(e => e.At).DefaultIfEmpty(r.StartedAt).Max() < cutoff)
                .Where(r => r.RunId != latest?.RunId || latest.CurrentPhase is null)
                .ToList();
        }

        return latest is null ? throw new InputException($"Cleanup: no saved run in {stateDirectory}") : [index.Single(r => r.RunId == latest.RunId)];
    }
}
