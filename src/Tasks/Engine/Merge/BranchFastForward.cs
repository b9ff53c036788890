using Orchestrator.Git;

namespace Orchestrator.Merge;

/// <summary>
/// --merge-into: fast-forwards a real branch to the integration head, never forcing. A branch checked out somewhere is
/// moved by <c>git merge --ff-only</c> in that checkout, so its index and files follow, and only when it has no local
/// changes; otherwise the branch is left as it is and the reason reported.
/// </summary>
internal static class BranchFastForward
{
    /// <summary>Rejects a <c>--merge-into</c> branch that does not exist, before anything is run or merged.</summary>
    public static async Task ValidateAsync(GitCli git, string branch, CancellationToken cancellation)
    {
        var tip = await git.ResolveAsync($"refs/heads/{branch}", cancellation);
        cancellation.ThrowIfCancellationRequested();
        if (tip is null)
        {
            throw new InputException($"--merge-into: no branch '{branch}' in {git.WorkingDirectory}");
        }
    }

    /// <summary>Null when the branch now points at <paramref name="head"/>; otherwise why it was left alone.</summary>
    public static async Task<string?> RunAsync(GitCli git, string branch, string head, CancellationToken cancellation)
    {
        var reference = $"refs/heads/{branch}";
        var tip = await git.ResolveAsync(reference, cancellation);
        cancellation.ThrowIfCancellationRequested();
        if (tip is null)
        {
            return $"branch {branch} no longer exists";
        }

        if (tip == head)
        {
            return null;
        }

        if (!await TreeMerge.IsAncestorAsync(git, tip, head, cancellation))
        {
            return $"{branch} ({tip[..12]}) has commits the integration branch lacks: not a fast-forward, left as it is";
        }

        var checkout = await CheckoutOfAsync(git, reference, cancellation);
        if (checkout is null)
        {
            var swapped = await git.TryRunAsync(["update-ref", "-m", "orchestrator: fast-forward to the integration head", reference, head, tip], cancellation);
            cancellation.ThrowIfCancellationRequested();
            return swapped.ExitCode == 0 ? null : $"{branch} moved while being fast-forwarded; left as it is";
        }

        var there = git.In(checkout);
        if ((await there.RunAsync(["status", "--porcelain", "--untracked-files=no"], cancellation)).Length > 0)
        {
            return $"{branch} is checked out in {checkout} with local changes: left as it is (fast-forward it to {head[..12]} yourself)";
        }

        var merged = await there.TryRunAsync(["merge", "--ff-only", "--quiet", head], cancellation);
        cancellation.ThrowIfCancellationRequested();
        var reason = (merged.StandardError + merged.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return merged.ExitCode == 0 ? null : $"git merge --ff-only in {checkout} refused: {reason}; {branch} left as it is";
    }

    private static async Task<string?> CheckoutOfAsync(GitCli git, string reference, CancellationToken cancellation) =>
        (await WorktreeListing.ReadAsync(git, cancellation)).FirstOrDefault(w => w.BranchRef == reference)?.Path;
}
