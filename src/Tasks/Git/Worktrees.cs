namespace Orchestrator.Git;

/// <summary>
/// git worktree add/remove/prune for one repository. Calls are serialised: concurrent <c>worktree add</c>s race on
/// <c>.git/worktrees</c> metadata and fail now and then.
/// </summary>
public sealed class Worktrees(GitCli repository)
{
    private static readonly Dictionary<string, SemaphoreSlim> Locks = [];

    private SemaphoreSlim Lock
    {
        get
        {
            lock (Locks)
            {
                return Locks.TryGetValue(repository.WorkingDirectory, out var gate) ? gate : Locks[repository.WorkingDirectory] = new(1, 1);
            }
        }
    }

    /// <summary>Creates (or re-creates, clean) a worktree at <paramref name="path"/> on <paramref name="branch"/> at <paramref name="commit"/>.</summary>
    public async Task<GitCli> AddAsync(string path, string branch, string commit)
    {
        await Lock.WaitAsync();
        try
        {
            if (Directory.Exists(path))
            {
                await repository.TryRunAsync("worktree", "remove", "--force", path);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await AddPruningIfNeededAsync("worktree", "add", "--quiet", "--no-track", "-B", branch, path, commit);
            return repository.In(path);
        }
        finally
        {
            Lock.Release();
        }
    }

    /// <summary>A detached worktree of a commit, e.g. to run tests on it.</summary>
    public async Task<GitCli> AddDetachedAsync(string path, string commit)
    {
        await Lock.WaitAsync();
        try
        {
            if (Directory.Exists(path))
            {
                await repository.TryRunAsync("worktree", "remove", "--force", path);
            }

            await AddPruningIfNeededAsync("worktree", "add", "--quiet", "--detach", path, commit);
            return repository.In(path);
        }
        finally
        {
            Lock.Release();
        }
    }

    public async Task RemoveAsync(string path)
    {
        await Lock.WaitAsync();
        try
        {
            await repository.TryRunAsync("worktree", "remove", "--force", path);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }

            await repository.RunAsync("worktree", "prune");
        }
        finally
        {
            Lock.Release();
        }
    }

    /// <summary>Paths of the repository's worktrees other than its main checkout.</summary>
    public async Task<IReadOnlyList<string>> ListAsync()
    {
        var lines = await repository.LinesAsync("worktree", "list", "--porcelain");
        return lines.Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).Select(l => l[9..]).Skip(1).ToList();
    }

    /// <summary>
    /// Stale metadata of a worktree whose folder was deleted (a crash, a manual rm) makes <c>worktree add</c> refuse the
    /// path; pruning only then keeps a git call off every task's start.
    /// </summary>
    private async Task AddPruningIfNeededAsync(params string[] addArguments)
    {
        if ((await repository.TryRunAsync(addArguments)).ExitCode != 0)
        {
            await repository.RunAsync("worktree", "prune");
            await repository.RunAsync(addArguments);
        }
    }
}
