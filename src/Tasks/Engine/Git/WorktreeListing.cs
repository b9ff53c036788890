namespace Orchestrator.Git;

/// <summary>One checkout of the repository as <c>git worktree list --porcelain</c> gives it; the main checkout first.</summary>
public sealed record WorktreeEntry(string Path, string? BranchRef);

/// <summary>The one reader of <c>git worktree list --porcelain</c>.</summary>
public static class WorktreeListing
{
    // -z: a path may hold a line break.
    public static async Task<IReadOnlyList<WorktreeEntry>> ReadAsync(GitCli git, CancellationToken cancellation) =>
        Parse((await git.RunAsync(["worktree", "list", "--porcelain", "-z"], cancellation)).Split('\0'));

    /// <summary>Records are a <c>worktree &lt;path&gt;</c> field followed by attribute fields such as <c>branch &lt;ref&gt;</c>.</summary>
    public static IReadOnlyList<WorktreeEntry> Parse(IEnumerable<string> fields)
    {
        var entries = new List<WorktreeEntry>();
        foreach (var line in fields)
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal))
            {
                entries.Add(new WorktreeEntry(line["worktree ".Length..], null));
            }
            else if (line.StartsWith("branch ", StringComparison.Ordinal) && entries.Count > 0)
            {
                entries[^1] = entries[^1] with { BranchRef = line["branch ".Length..] };
            }
        }

        return entries;
    }
}
