using System.Collections.Concurrent;
using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Runs;

namespace Orchestrator.Execution;

/// <summary>Where tasks run: a worktree each (parallel), one worktree for all (sequential), or one local clone (no worktrees).</summary>
internal enum WorkspaceMode
{
    WorktreePerTask,
    SharedWorktree,
    SharedClone,
}

/// <summary>
/// A task's git side: its starting commit, its worktree and branch, and the commit of what its agent changed. With
/// <paramref name="sparseAlways"/> (<c>--sparse</c>: the folders every sparse worktree holds), a task that names its
/// files gets a sparse worktree of their folders.
/// </summary>
internal sealed class TaskWorkspace(Worktrees worktrees, RunLayout layout, WorkspaceMode mode, IReadOnlyList<string>? sparseAlways = null)
{
    private readonly GitCli _repository = worktrees.Repository;
    private readonly List<Task> _later = [];
    private readonly SpareWorktrees _spares = new(worktrees);
    private readonly ConcurrentDictionary<string, IReadOnlyList<IndexEntry>> _indexAtStart = new(StringComparer.Ordinal);
    private int _commits;

    public WorkspaceMode Mode => mode;

    /// <summary>The run's guard and log, for the completed tasks' worktrees it recycles.</summary>
    public (OutsideChangeGuard Guard, IRunLog Log)? Run
    {
        get => _spares.Run;
        init => _spares.Run = value;
    }

    /// <summary>The checkout a task (or a redo, by its <see cref="RunLayout.RetryName"/>) named <paramref name="name"/> works in.</summary>
    public string PathFor(string name) => mode switch
    {
        WorkspaceMode.WorktreePerTask => layout.TaskWorktree(name),
        WorkspaceMode.SharedWorktree => layout.SequentialWorktree,
        _ => layout.SharedClone,
    };

    /// <summary>Whether this repository lets us add worktrees: adds and removes a throwaway one.</summary>
    public static async Task<string?> WorktreeProblemAsync(Worktrees worktrees, RunLayout layout, string commit, CancellationToken cancellation)
    {
        try
        {
            await worktrees.AddDetachedAsync(layout.ProbeWorktree, commit, cancellation);
            await worktrees.RemoveAsync(layout.ProbeWorktree, cancellation);
            return null;
        }
        catch (GitException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// The run's base with the work of every dependency merged in, so a task sees what it builds on. Dependencies
    /// already contained in another are skipped (one <c>merge-base --independent</c> for all of them); diverging ones
    /// are combined with an in-memory merge.
    /// </summary>
    public async Task<string> StartingCommitAsync(
        string runBase, string taskId, IEnumerable<(string Id, string Commit)> dependencies, CancellationToken cancellation)
    {
        // A dependency that changed nothing left the base as it was: nothing to ask git about it.
        var all = dependencies.Where(d => d.Commit != runBase).ToList();
        if (all.Count == 0)
        {
            return runBase;
        }

        var heads = (await _repository.LinesAsync(["merge-base", "--independent", runBase, .. all.Select(d => d.Commit)], cancellation))
            .ToHashSet(StringComparer.Ordinal);
        var current = heads.Remove(runBase) ? runBase : null;
        // In the dependencies' order; a head git spelled otherwise than it was given is merged all the same, last.
        var independent = all.Where(d => heads.Remove(d.Commit)).ToList();
        independent.AddRange(heads.Order(StringComparer.Ordinal).Select(h => (all.FirstOrDefault(d => h.StartsWith(d.Commit, StringComparison.Ordinal)).Id ?? h, h)));
        foreach (var (dependencyId, commit) in independent)
        {
            if (current is null)
            {
                current = commit;
                continue;
            }

            var (merged, merge) = await TreeMerge.CommitMergeAsync(_repository, current, commit, $"Combine dependencies of {taskId}", cancellation);
            current = merged ?? throw new TaskFailure(
                $"the work of its dependencies conflicts ({dependencyId}: {string.Join(", ", merge.ConflictPaths)})");
        }

        return current ?? runBase;
    }

    /// <summary>
    /// A clean checkout of <paramref name="branch"/>, (re)set to the commit <paramref name="starting"/> gives; a task's
    /// own worktree is sparse when the run is and the task names its <paramref name="files"/>. A recycled one is moved
    /// (and cleaned, if its task did not) while that commit is still being worked out.
    /// </summary>
    public async Task<GitCli> CreateAsync(
        string path, string branch, Task<string> starting, CancellationToken cancellation, IReadOnlyList<string>? files = null)
    {
        var checkout = await CheckoutAsync(path, branch, starting, cancellation, files);
        // The index now holds exactly the starting commit's tree: what the task changed is read against it.
        if (IndexEntries(checkout) is { } entries)
        {
            _indexAtStart[checkout.WorkingDirectory] = entries;
        }

        return checkout;
    }

    private async Task<GitCli> CheckoutAsync(
        string path, string branch, Task<string> starting, CancellationToken cancellation, IReadOnlyList<string>? files)
    {
        if (mode == WorkspaceMode.WorktreePerTask)
        {
            var cone = sparseAlways is null ? null : SparseCone.For(files ?? [], sparseAlways);
            return await _spares.RecycledAsync(path, branch, starting, cone, cancellation) is { } recycled ? recycled
                : await worktrees.AddAsync(path, branch, await starting, cancellation, cone);
        }

        var startingCommit = await starting;

        if (mode == WorkspaceMode.SharedWorktree && !File.Exists(Path.Combine(path, ".git")))
        {
            return await worktrees.AddAsync(path, branch, startingCommit, cancellation);
        }

        if (mode == WorkspaceMode.SharedClone && !Directory.Exists(Path.Combine(path, ".git")))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await _repository.RunAsync(["clone", "--quiet", "--shared", "--no-checkout", _repository.WorkingDirectory, path], cancellation);
        }

        var checkout = await worktrees.VerifiedAsync(path, cancellation);
        await checkout.RunAsync(["checkout", "--quiet", "--force", "-B", branch, startingCommit], cancellation);
        await checkout.RunAsync(["clean", "-fdxq"], cancellation);
        return checkout;
    }

    /// <summary>Whether the checkout at <paramref name="path"/> is this run's and on <paramref name="branch"/> (read from its git folder).</summary>
    public async Task<bool> IsOnBranchAsync(string path, string branch, CancellationToken cancellation)
    {
        try
        {
            return Directory.Exists(path) && SymbolicHead(await worktrees.VerifiedAsync(path, cancellation)) == "refs/heads/" + branch;
        }
        catch (WorktreeTamperedException)
        {
            return false;
        }
    }

    /// <summary>
    /// git pinned on the task's checkout once its agent is done, after checking the checkout is still this run's and
    /// still on the task's branch: a deleted or rewritten <c>.git</c>, or a switched branch, fails the task.
    /// </summary>
    public async Task<GitCli> CheckedAfterAgentAsync(string path, string branch, CancellationToken cancellation)
    {
        var checkout = await worktrees.VerifiedAsync(path, cancellation);
        // Read from the git folder just verified rather than by `git symbolic-ref`: one git process fewer per task.
        var now = SymbolicHead(checkout);
        return now == "refs/heads/" + branch ? checkout
            : throw new TaskFailure($"its worktree is no longer on its branch {branch} (HEAD: {(now.Length > 0 ? now : "detached")})");
    }

    /// <summary>
    /// A completed task's worktree, its commit on its branch (Merge works from branches), is kept for the next task to
    /// start in (<see cref="CreateAsync"/> recycles it) instead of removed: with the failed tasks' kept for a look, the
    /// worktrees on disk are never more than the slots. False when tasks do not get a worktree each.
    /// </summary>
    public bool Recycle(string path, Task recorded, Action released)
    {
        if (mode != WorkspaceMode.WorktreePerTask)
        {
            return false;
        }

        _spares.Add(new Spare(path, recorded, released));
        return true;
    }

    /// <summary>
    /// A redo's worktree (Merge) is removed as soon as its commit is on its branch: only the running tasks' checkouts,
    /// and failed tasks' for a look, stay on disk.
    /// </summary>
    public async Task DiscardAsync(string path, CancellationToken cancellation)
    {
        if (mode == WorkspaceMode.WorktreePerTask)
        {
            await worktrees.RemoveAsync(path, cancellation, prune: false);
        }
    }

    /// <summary>Work a finished attempt left to be done beside the next tasks (its entry's flush, its worktree's removal).</summary>
    public void Later(Func<Task> work)
    {
        lock (_later)
        {
            _later.Add(Task.Run(work));
        }
    }

    /// <summary>
    /// Waits for everything <see cref="Later"/> started and removes the spare worktrees, then gives git the automatic
    /// maintenance the tasks' commits skipped, once; the phase ends only after.
    /// </summary>
    public async Task SettleAsync()
    {
        await _spares.RemoveAllAsync();
        Task[] pending;
        lock (_later)
        {
            pending = [.. _later];
            _later.Clear();
        }

        await Task.WhenAll(pending);
        if (Interlocked.Exchange(ref _commits, 0) > 0)
        {
            await _spares.BetweenLooksAsync(() => _repository.TryRunAsync(["maintenance", "run", "--auto", "--quiet"], CancellationToken.None));
        }
    }

    /// <summary>Makes the task's branch visible in the repository (a clone's branches live in the clone until fetched).</summary>
    public async Task PublishAsync(string branch, CancellationToken cancellation)
    {
        if (mode == WorkspaceMode.SharedClone)
        {
            await _repository.RunAsync(["fetch", "--quiet", layout.SharedClone, $"+refs/heads/{branch}:refs/heads/{branch}"], cancellation);
        }
    }

    /// <summary>
    /// Commits everything the agent left in the worktree; returns the new head and the files changed since the start.
    /// </summary>
    public async Task<(string Head, List<string> ChangedFiles)> CommitAsync(
        GitCli worktree, string taskId, string description, string startingCommit, CancellationToken cancellation)
    {
        // In a sparse worktree, --sparse takes the agent's files outside the cone too; the files never checked out are
        // marked skip-worktree, so their absence is not staged as deletions.
        var sparse = File.Exists(Path.Combine(worktree.GitDirectory ?? "", "info", "sparse-checkout"));
        // Staged by git unless the worktree is certainly as its index records it (a task that changed nothing).
        var index = IndexEntries(worktree);
        if (index is null || worktree.GitDirectory is not { } gitDirectory
            || !IndexedWorktree.IsAsIndexed(worktree.WorkingDirectory, Path.Combine(gitDirectory, "index"), index))
        {
            await worktree.RunAsync(sparse ? ["add", "--all", "--sparse"] : ["add", "--all"], cancellation);
            index = IndexEntries(worktree);
        }

        // Against the start, not HEAD (an agent may have committed some of its work itself): the index as the checkout
        // wrote it against the index now, read in process; git is asked when either cannot be read.
        var changed = _indexAtStart.TryRemove(worktree.WorkingDirectory, out var atStart) && index is not null
            && IndexFile.Changes(atStart, index) is { } changes ? changes
            : (await worktree.LinesAsync(["diff", "--cached", "--name-only", "--no-renames", startingCommit], cancellation)).ToList();
        if (changed.Count > 0)
        {
            var subject = description.Split('\n')[0];
            // Without the `maintenance run --auto` git starts after every commit: a process off each task's critical
            // chain, run once when the phase settles instead.
            var commit = await worktree.TryRunAsync(
                ["-c", "maintenance.auto=false", "commit", "--quiet", "--no-verify", "-m", $"{taskId}: {subject}"], cancellation);
            Interlocked.Increment(ref _commits);
            if (commit.ExitCode != 0 && (await worktree.TryRunAsync(["diff", "--cached", "--quiet"], cancellation)).ExitCode != 0)
            {
                throw new GitException(["commit"], commit); // it failed with something staged, not for want of changes
            }
        }

        var head = HeadFromFiles(worktree) ?? await worktree.RunAsync(["rev-parse", "HEAD"], cancellation);
        return (head, changed);
    }

    private static IReadOnlyList<IndexEntry>? IndexEntries(GitCli checkout) =>
        checkout.GitDirectory is { } gitDirectory ? IndexFile.TryRead(Path.Combine(gitDirectory, "index")) : null;

    /// <summary>The commit the checkout's branch points at, read from its loose ref file (a commit writes one).</summary>
    private static string? HeadFromFiles(GitCli worktree)
    {
        var gitDirectory = worktree.GitDirectory;
        var commonFile = Path.Combine(gitDirectory ?? "", "commondir");
        var common = gitDirectory is null ? null
            : File.Exists(commonFile) ? Path.GetFullPath(File.ReadAllText(commonFile).Trim(), gitDirectory) : gitDirectory;
        return common is not null && SymbolicHead(worktree) is { Length: > 0 } branch ? RefFiles.ReadLoose(common, branch) : null;
    }

    /// <summary>The ref HEAD names, read as <c>git symbolic-ref HEAD</c> would from a pinned checkout's git folder; "" if detached.</summary>
    private static string SymbolicHead(GitCli checkout)
    {
        var headFile = Path.Combine(checkout.GitDirectory ?? "", "HEAD");
        var head = checkout.GitDirectory is not null && File.Exists(headFile) ? File.ReadAllText(headFile).Trim() : "";
        return head.StartsWith("ref: refs/", StringComparison.Ordinal) ? head[5..].Trim() : "";
    }
}

/// <summary>A task that cannot go on, with the reason recorded in its result.</summary>
internal sealed class TaskFailure(string message) : Exception(message);
