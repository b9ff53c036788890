namespace Orchestrator.Git;

/// <summary>Result of merging two commits with <c>git merge-tree --write-tree</c>: a tree, or the conflicting paths.</summary>
public sealed record TreeMergeResult(string? Tree, IReadOnlyList<string> ConflictPaths)
{
    public bool Clean => Tree is not null && ConflictPaths.Count == 0;
}

/// <summary>Merges commits without a working tree or index: nothing checked out is touched.</summary>
public static class TreeMerge
{
    public static async Task<TreeMergeResult> MergeTreesAsync(GitCli git, string ours, string theirs, CancellationToken cancellation)
    {
        string[] arguments = ["merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs];
        var result = await git.TryRunAsync(arguments, cancellation);
        cancellation.ThrowIfCancellationRequested();
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return result.ExitCode switch
        {
            0 => new TreeMergeResult(lines[0].Trim(), []),
            1 => new TreeMergeResult(null, lines.Skip(1).Distinct().ToList()),
            _ => throw new GitException(arguments, result),
        };
    }

    /// <summary>Merges <paramref name="theirs"/> into <paramref name="ours"/> as a two-parent commit; null on conflict.</summary>
    public static async Task<(string? Commit, TreeMergeResult Merge)> CommitMergeAsync(
        GitCli git, string ours, string theirs, string message, CancellationToken cancellation)
    {
        var merge = await MergeTreesAsync(git, ours, theirs, cancellation);
        if (!merge.Clean)
        {
            return (null, merge);
        }

        var commit = await git.RunAsync(["commit-tree", merge.Tree!, "-p", ours, "-p", theirs, "-m", message], cancellation);
        return (commit, merge);
    }

    public static async Task<bool> IsAncestorAsync(GitCli git, string ancestor, string descendant, CancellationToken cancellation) =>
        (await git.TryRunAsync(["merge-base", "--is-ancestor", ancestor, descendant], cancellation)).ExitCode == 0;
}
