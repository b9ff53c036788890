using Orchestrator.Guards;

namespace Orchestrator.Git;

/// <summary>
/// git worktree add/remove/prune for one repository. Calls are serialised: concurrent <c>worktree add</c>s race on
/// <c>.git/worktrees</c> metadata and fail now and then. A run makes one and shares it. Folders are only ever deleted
/// through <paramref name="deletion"/>, which refuses anything outside the artifacts folder.
/// </summary>
public sealed class Worktrees(GitCli repository, ContainedDeletion deletion)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public GitCli Repository => repository;

    /// <summary>
    /// Creates (or re-creates, clean) a worktree at <paramref name="path"/> on <paramref name="branch"/> at
    /// <paramref name="commit"/>; with <paramref name="cone"/>, a cone-mode sparse checkout of those folders (and the
    /// top-level files): nothing is written before the cone is set, so the files outside it are never checked out.
    /// </summary>
    public async Task<GitCli> AddAsync(
        string path, string branch, string commit, CancellationToken cancellation, IReadOnlyList<string>? cone = null)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            if (Directory.Exists(path))
            {
                await RemoveCheckedAsync(path, cancellation);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            string[] noCheckout = cone is null ? [] : ["--no-checkout"];
            await AddPruningIfNeededAsync(["worktree", "add", "--quiet", .. noCheckout, "--no-track", "-B", branch, path, commit], cancellation);
            var worktree = await VerifiedAsync(path, cancellation);
            if (cone is not null)
            {
                // Through stdin: folder names come from plans. git keeps the cone in the worktree's own config.worktree.
                await worktree.RunAsync(["sparse-checkout", "set", "--cone", "--stdin"], cancellation, string.Join('\n', cone) + "\n");
                await worktree.RunAsync(["checkout", "--quiet"], cancellation);
            }

            return worktree;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Moves a finished task's worktree from <paramref name="from"/> to <paramref name="path"/> as <c>git worktree
    /// move</c> does (the folder renamed, then its metadata's <c>gitdir</c> pointed at the new place), in process: a
    /// git start fewer on the critical chain. A folder whose <c>.git</c> is not a linked worktree's of this repository
    /// is not moved (<see cref="WorktreeTamperedException"/>). <see cref="ResetAsync"/> then makes it the next task's.
    /// </summary>
    public async Task<GitCli> MoveAsync(string from, string path, CancellationToken cancellation)
    {
        var target = Path.GetFullPath(path);
        await _gate.WaitAsync(cancellation);
        try
        {
            var previous = new DirectoryInfo(from).LinkTarget is null && File.Exists(Path.Combine(from, ".git"))
                ? await VerifiedAsync(from, cancellation)
                : throw new WorktreeTamperedException($"its .git is not a linked worktree's: {from}");
            if (!deletion.Allows(from) || !deletion.Allows(target))
            {
                throw new UnsafePathException($"refused to move the worktree {from} to {target}: not inside the artifacts folder {deletion.Root}");
            }

            if (Directory.Exists(target))
            {
                await RemoveCheckedAsync(target, cancellation);
            }

            // Renamed first: a run killed in between leaves metadata naming a missing folder, which `worktree prune`
            // drops, and a folder at the new place that verifies as no worktree, which is removed before reuse.
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(from, target);
            var gitdir = Path.Combine(previous.GitDirectory!, "gitdir");
            File.WriteAllText(gitdir + ".new", Path.Combine(target, ".git") + "\n");
            File.Move(gitdir + ".new", gitdir, overwrite: true);
            return GitCli.Pinned(previous.GitDirectory!, target);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes a moved worktree what <see cref="AddAsync"/> would have made, with work in proportion to the files that
    /// differ: the worktree's own config and what its operations left (<see cref="WorktreeLeftovers"/>) dropped (nothing
    /// an agent set there reaches the next one), everything untracked or ignored cleaned away (looked for again, in process:
    /// other agents ran since the task before ended), the cone set anew (or sparse checkout turned off), then the branch checked
    /// out with <c>--force</c> at <paramref name="commit"/> once it is known. HEAD names <paramref name="branch"/> only
    /// once all of it is done.
    /// </summary>
    public static async Task ResetAsync(
        GitCli worktree, string branch, Task<string> commit, CancellationToken cancellation, IReadOnlyList<string>? cone = null)
    {
        var own = new ContainedDeletion(worktree.GitDirectory!);
        var sparseFile = Path.Combine(worktree.GitDirectory!, "info", "sparse-checkout");
        own.DeleteFile(Path.Combine(worktree.GitDirectory!, "config.worktree"));
        WorktreeLeftovers.Forget(worktree.GitDirectory!);
        // Read in process; git lists it when the file is not fully understood.
        var entries = IndexFile.TryRead(Path.Combine(worktree.GitDirectory!, "index"));
        // A worktree its task left committed holds only its index's files: nothing for git to clean then.
        if (entries is null || entries.Any(e => e.Gitlink) || UntrackedFiles.AnyIn(worktree.WorkingDirectory, entries))
        {
            await worktree.RunAsync(["clean", "-ffdxq"], cancellation);
        }

        entries ??= (await worktree.RunAsync(["ls-files", "--stage", "-v", "-z"], cancellation))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(IndexEntry.FromLsFiles).ToList();
        // Setting the cone or turning it off marks every file anew; otherwise skip-worktree marks are dropped here.
        await ClearHiddenFlagsAsync(worktree, entries, skipWorktree: cone is null && !File.Exists(sparseFile), cancellation);
        if (cone is not null)
        {
            await worktree.RunAsync(["sparse-checkout", "set", "--cone", "--stdin"], cancellation, string.Join('\n', cone) + "\n");
        }
        else if (File.Exists(sparseFile))
        {
            await worktree.RunAsync(["sparse-checkout", "disable"], cancellation);
            own.DeleteFile(sparseFile);
        }

        await worktree.RunAsync(["checkout", "--quiet", "--force", "-B", branch, await commit], cancellation);
        if (entries.Any(e => e.Gitlink))
        {
            // The checkout leaves a submodule's nested repository behind where the new start has none (only warns).
            await worktree.RunAsync(["clean", "-ffdxq"], cancellation);
        }
    }

    /// <summary>
    /// Drops the assume-unchanged and skip-worktree marks an agent set in the index (<c>git update-index</c>): a forced
    /// checkout keeps them, so a file it hid would stay as it left it, and the next task's edits to it uncommitted.
    /// </summary>
    private static async Task ClearHiddenFlagsAsync(GitCli worktree, IReadOnlyList<IndexEntry> entries, bool skipWorktree, CancellationToken cancellation)
    {
        // One mark a call: update-index applies only the first of --no-assume-unchanged and --no-skip-worktree.
        foreach (var (marked, flag) in new (Func<IndexEntry, bool>, string)[] { (e => e.AssumeUnchanged, "--no-assume-unchanged"), (e => skipWorktree && e.SkipWorktree, "--no-skip-worktree") })
        {
            var paths = entries.Where(marked).Select(e => e.Path).ToList();
            if (paths.Count > 0)
            {
                await worktree.RunAsync(["update-index", flag, "-z", "--stdin"], cancellation, string.Join('\0', paths) + "\0");
            }
        }
    }

    /// <summary>
    /// Turns on <c>extensions.worktreeConfig</c> in the repository's <c>.git/config</c> (where a worktree's cone is
    /// kept), as <c>sparse-checkout set</c> would the first time: before any agent runs, so the guard does not take the
    /// run's own change to the config for an agent's.
    /// </summary>
    public async Task AllowWorktreeConfigAsync(CancellationToken cancellation)
    {
        if ((await repository.TryRunAsync(["config", "--get", "--bool", "extensions.worktreeConfig"], cancellation)).StandardOutput.Trim() != "true")
        {
            await repository.RunAsync(["config", "extensions.worktreeConfig", "true"], cancellation);
        }
    }

    /// <summary>A detached worktree of a commit, e.g. to run tests on it.</summary>
    public async Task<GitCli> AddDetachedAsync(string path, string commit, CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            if (Directory.Exists(path))
            {
                await RemoveCheckedAsync(path, cancellation);
            }

            await AddPruningIfNeededAsync(["worktree", "add", "--quiet", "--detach", path, commit], cancellation);
            return repository.In(path);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Removes the worktree and its metadata (<c>worktree remove</c> does both); <paramref name="prune"/> also drops
    /// the metadata of worktrees whose folders went otherwise, which a caller removing many at once does once at the end.
    /// </summary>
    public async Task RemoveAsync(string path, CancellationToken cancellation, bool prune = true)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            await RemoveCheckedAsync(path, cancellation);
            if (prune)
            {
                await PruneAsync(cancellation);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// git pinned on the worktree at <paramref name="path"/> after checking it is still the one this repository made:
    /// its <c>.git</c> is a file naming the worktree's metadata folder in this repository, and that folder names it back.
    /// An agent that deleted or rewrote its <c>.git</c> gets a <see cref="WorktreeTamperedException"/>, and no git command
    /// runs there (git would look for a repository in the folders above, where the artifacts folder lies).
    /// </summary>
    public async Task<GitCli> VerifiedAsync(string path, CancellationToken cancellation)
    {
        var full = Path.GetFullPath(path);
        var dotGit = Path.Combine(full, ".git");
        var common = await repository.CommonDirectoryAsync(cancellation);
        if (Directory.Exists(dotGit) && new DirectoryInfo(dotGit).LinkTarget is null && File.Exists(Path.Combine(dotGit, "HEAD"))
            && Path.GetFullPath(dotGit) != Path.GetFullPath(common))
        {
            return GitCli.Pinned(dotGit, full); // a clone of the repository's own, with its .git folder in place
        }

        var named = File.Exists(dotGit) && new FileInfo(dotGit).LinkTarget is null ? File.ReadAllText(dotGit).Trim() : null;
        var metadata = named is not null && named.StartsWith("gitdir: ", StringComparison.Ordinal)
            ? Path.GetFullPath(named["gitdir: ".Length..], full) : null;
        // A link in place of the metadata folder (or of .git/worktrees) would lead git, and the in-process move, elsewhere.
        var ours = metadata is not null && Path.GetDirectoryName(metadata) == Path.Combine(common, "worktrees")
            && new DirectoryInfo(metadata).LinkTarget is null && new DirectoryInfo(Path.Combine(common, "worktrees")).LinkTarget is null
            && File.Exists(Path.Combine(metadata, "gitdir"))
            && Path.GetFullPath(File.ReadAllText(Path.Combine(metadata, "gitdir")).Trim()) == dotGit;
        return ours ? GitCli.Pinned(metadata!, full)
            : throw new WorktreeTamperedException(
                $"its worktree's .git is {(named is null ? "missing" : "not this repository's")}: {dotGit} (no git command was run there)");
    }

    /// <summary>git's own removal first (it knows the worktree's metadata), then whatever is left, only inside the artifacts.</summary>
    private async Task RemoveCheckedAsync(string path, CancellationToken cancellation)
    {
        if (!deletion.Allows(path))
        {
            throw new UnsafePathException($"refused to remove the worktree {path}: it is not inside the artifacts folder {deletion.Root}");
        }

        // git follows a link to the worktree it leads to, wherever that is (yours too): a link is only removed itself.
        if (new FileInfo(path).LinkTarget is null)
        {
            await repository.TryRunAsync(["worktree", "remove", "--force", path], cancellation);
        }

        deletion.DeleteDirectory(path);
    }

    public Task PruneAsync(CancellationToken cancellation) => repository.RunAsync(["worktree", "prune"], cancellation);

    /// <summary>Paths of the repository's worktrees other than its main checkout.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellation)
    {
        var entries = await WorktreeListing.ReadAsync(repository, cancellation);
        return entries.Skip(1).Select(e => e.Path).ToList();
    }

    /// <summary>
    /// Stale metadata of a worktree whose folder was deleted (a crash, a manual rm) makes <c>worktree add</c> refuse the
    /// path; pruning only then keeps a git call off every task's start.
    /// </summary>
    private async Task AddPruningIfNeededAsync(string[] addArguments, CancellationToken cancellation)
    {
        if ((await repository.TryRunAsync(addArguments, cancellation)).ExitCode != 0)
        {
            cancellation.ThrowIfCancellationRequested();
            await repository.RunAsync(["worktree", "prune"], cancellation);
            await repository.RunAsync(addArguments, cancellation);
        }
    }
}

/// <summary>A worktree whose <c>.git</c> is gone or points at another repository: its task fails, nothing runs there.</summary>
public sealed class WorktreeTamperedException(string message) : Exception(message);
