using Orchestrator.Git;

namespace Orchestrator.Merge;

public sealed record MergeStep(string Head, IReadOnlyList<string>? Conflict);

/// <summary>Moves the integration ref by one merge, only if nobody moved it meanwhile (compare-and-swap).</summary>
public static class IntegrationBranch
{
    public static async Task<MergeStep> MergeAsync(GitCli git, string integrationRef, string head, string taskCommit, string message)
    {
        if (await TreeMerge.IsAncestorAsync(git, taskCommit, head))
        {
            return new MergeStep(head, null);
        }

        var (commit, merge) = await TreeMerge.CommitMergeAsync(git, head, taskCommit, message);
        if (commit is null)
        {
            return new MergeStep(head, merge.ConflictPaths);
        }

        await git.RunAsync("update-ref", "-m", message, integrationRef, commit, head);
        return new MergeStep(commit, null);
    }
}
