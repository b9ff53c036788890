using Orchestrator.Git;

namespace Orchestrator.Merge;

public sealed record MergeStep(string Head, IReadOnlyList<string>? Conflict);

/// <summary>
/// The run's integration ref, moved one merge at a time with a compare-and-swap <c>update-ref &lt;ref&gt; &lt;new&gt; &lt;old&gt;</c>.
/// When someone else moved the ref meanwhile, their commit is kept: the ref is re-read and the task merged again on top.
/// </summary>
public sealed class IntegrationBranch(GitCli git, string branch, Action<string> warn)
{
    private const int MaxCasAttempts = 5;

    public string Branch { get; } = branch;

    public string Ref => $"refs/heads/{Branch}";

    public string Head { get; private set; } = "";

    /// <summary>How often a compare-and-swap found the ref moved by someone else.</summary>
    public int CasRetries => Moves.Count;

    /// <summary>Heads someone else moved the ref to, in the order they were found; merges went on on top of them.</summary>
    public List<string> Moves { get; } = [];

    /// <summary>Points the ref at the run's base; a previous Merge of the same run is started over.</summary>
    public async Task StartAsync(string baseCommit, CancellationToken cancellation)
    {
        await git.RunAsync(["update-ref", "-m", "orchestrator: start integration", Ref, baseCommit], cancellation);
        Head = baseCommit;
    }

    /// <summary>
    /// Merges <paramref name="taskCommit"/> into the head; one already in it is skipped, asked of git unless the caller
    /// knows it cannot be (<paramref name="mayBeInHead"/> false; once someone else moved the ref, git is always asked).
    /// </summary>
    public async Task<MergeStep> MergeAsync(string taskCommit, string message, CancellationToken cancellation, bool mayBeInHead = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            if ((mayBeInHead || Moves.Count > 0) && await TreeMerge.IsAncestorAsync(git, taskCommit, Head, cancellation))
            {
                return new MergeStep(Head, null);
            }

            var (commit, merge) = await TreeMerge.CommitMergeAsync(git, Head, taskCommit, message, cancellation);
            if (commit is null)
            {
                return new MergeStep(Head, merge.ConflictPaths);
            }

            if (await TrySwapAsync(commit, message, cancellation))
            {
                return new MergeStep(commit, null);
            }

            var moved = await ReReadAsync(attempt, cancellation);
            warn($"{Branch} was moved by someone else to {moved[..12]}; merging again on top of it");
            Head = moved;
        }
    }

    /// <summary>Moves the ref back to an earlier head of this run (dropping merges); fails if someone else moved it.</summary>
    public async Task RewindAsync(string earlierHead, string reason, CancellationToken cancellation)
    {
        if (!await TrySwapAsync(earlierHead, $"orchestrator: rewind, {reason}", cancellation))
        {
            var moved = await git.ResolveAsync(Ref, cancellation);
            cancellation.ThrowIfCancellationRequested();
            throw new IntegrationMovedException($"{Branch} was moved by someone else to {moved}; not rewinding over their work");
        }
    }

    private async Task<bool> TrySwapAsync(string commit, string message, CancellationToken cancellation)
    {
        var result = await git.TryRunAsync(["update-ref", "-m", message, Ref, commit, Head], cancellation);
        cancellation.ThrowIfCancellationRequested();
        if (result.ExitCode == 0)
        {
            Head = commit;
            return true;
        }

        return false;
    }

    private async Task<string> ReReadAsync(int attempt, CancellationToken cancellation)
    {
        var actual = await git.ResolveAsync(Ref, cancellation);
        cancellation.ThrowIfCancellationRequested();
        if (actual is null || actual == Head || attempt >= MaxCasAttempts)
        {
            throw new IntegrationMovedException($"cannot move {Branch} from {Head} (now {actual ?? "missing"}) after {attempt} attempts");
        }

        Moves.Add(actual);
        return actual;
    }
}

/// <summary>The integration ref could not be moved because others keep moving it (or deleted it).</summary>
public sealed class IntegrationMovedException(string message) : Exception(message);
