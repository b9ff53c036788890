using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Guards;

namespace Orchestrator.Execution;

/// <summary>
/// A completed task's worktree waiting to be another task's: its completed entry on its way to disk, and whom to tell
/// once it is moved or gone.
/// </summary>
internal sealed record Spare(string Path, Task Recorded, Action Released);

/// <summary>
/// The completed tasks' worktrees that the next tasks start in (<see cref="TaskWorkspace.Recycle"/>): moved to the
/// next task's place and reset there, work in proportion to the files that differ, where a removal and a full
/// checkout would be. The ones no task took are removed when the phase ends.
/// </summary>
internal sealed class SpareWorktrees(Worktrees worktrees)
{
    private readonly List<Spare> _spares = [];

    public (OutsideChangeGuard Guard, IRunLog Log)? Run { get; set; }

    public void Add(Spare spare)
    {
        lock (_spares)
        {
            _spares.Add(spare);
        }
    }

    /// <summary>A spare turned into the worktree at <paramref name="path"/>; null when there is none or it could not be (it is removed then).</summary>
    public async Task<GitCli?> RecycledAsync(
        string path, string branch, Task<string> starting, IReadOnlyList<string>? cone, CancellationToken cancellation)
    {
        if (Take() is not { } spare)
        {
            return null;
        }

        var moved = false;
        var released = true;
        try
        {
            // Not waiting for the finished task's completed entry to reach the disk: it was written before the worktree
            // was handed on (a killed run keeps it), and the next task's running entry, written after it, is flushed
            // before that task's agent starts, by an fsync that takes both.
            GitCli? worktree = null;
            await BetweenLooksAsync(async () => worktree = await worktrees.MoveAsync(spare.Path, path, cancellation));
            moved = true;
            await Worktrees.ResetAsync(worktree!, branch, starting, cancellation, cone);
            return worktree;
        }
        catch (OperationCanceledException) when (!moved)
        {
            released = false;
            Add(spare); // still where it was: removed with the others at the end
            throw;
        }
        catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException or WorktreeTamperedException or UnsafePathException)
        {
            // Not reusable (an agent broke it, a git error): the task gets a worktree made afresh after this removal.
            Run?.Log.Warning($"the worktree {spare.Path} could not be reused for {path}, so a new one is made: {ex.Message}");
            await RemoveAsync(moved ? path : spare.Path);
            return null;
        }
        catch when (moved)
        {
            // The task cannot start (its dependencies conflict) or the run stops: the worktree is still on the branch of
            // the task before, which nothing would remove then.
            await RemoveAsync(path).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        finally
        {
            if (released)
            {
                spare.Released();
            }
        }
    }

    /// <summary>Removes the spares no task took; failing to remove one does not fail the phase.</summary>
    public async Task RemoveAllAsync()
    {
        while (Take() is { } spare)
        {
            try
            {
                await spare.Recorded.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await RemoveAsync(spare.Path);
            }
            catch (Exception ex) when (ex is GitException or IOException or UnauthorizedAccessException or UnsafePathException)
            {
                Run?.Log.Warning($"the worktree {spare.Path} could not be removed: {ex.Message}");
            }
            finally
            {
                spare.Released();
            }
        }
    }

    private Spare? Take()
    {
        lock (_spares)
        {
            if (_spares.Count == 0)
            {
                return null;
            }

            var spare = _spares[^1];
            _spares.RemoveAt(_spares.Count - 1);
            return spare;
        }
    }

    private Task RemoveAsync(string path) =>
        BetweenLooksAsync(() => Directory.Exists(path) ? worktrees.RemoveAsync(path, CancellationToken.None, prune: false) : Task.CompletedTask);

    /// <summary>Runs a change to the repository where the guard does not take it for an agent's.</summary>
    public Task BetweenLooksAsync(Func<Task> action) =>
        Run is { } run ? run.Guard.BetweenLooksAsync(action, CancellationToken.None) : action();
}
