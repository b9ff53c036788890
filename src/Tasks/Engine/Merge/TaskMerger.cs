using Orchestrator.Execution;
using Orchestrator.Plans;
using Orchestrator.Runs;

namespace Orchestrator.Merge;

/// <summary>
/// One entry of the integration branch's history as this run built it: the task merged (or a commit someone else put on
/// the branch, <see cref="External"/>) and the head right after it. Every prefix of the list is closed under dependencies,
/// so the head after any step is a state worth testing on its own.
/// </summary>
public sealed record IntegrationStep(string Task, string Commit, string Head, bool External = false);

/// <summary>
/// Merges tasks one by one into the integration branch: blocks a task whose dependency was not merged, keeps a conflicting
/// one apart (or, with retry-sequential, has its agent redo it on top of the integration head once), and records the steps.
/// </summary>
internal sealed class TaskMerger(PhaseContext run, TaskPlan plan, IReadOnlyDictionary<string, TaskRun> runs, IntegrationBranch integration, MergeOutput output)
{
    private readonly HashSet<string> _notMerged = [];
    private readonly Dictionary<string, string> _commits = runs.Values.Where(r => r.Commit is not null).ToDictionary(r => r.Id, r => r.Commit!);

    // A redone task was built on the integration head of its time: it depends on every step before it.
    private readonly Dictionary<string, List<string>> _builtOn = [];

    public List<IntegrationStep> Steps { get; } = [];

    public string StartHead { get; set; } = "";

    public async Task<bool> MergeAsync(string id, CancellationToken cancellation)
    {
        if (DependenciesOf(id).FirstOrDefault(_notMerged.Contains) is { } cause)
        {
            Block(id, $"depends on {cause}, which was not merged");
            return false;
        }

        var message = $"Merge {id}: {plan[id].Description.Split('\n')[0]}";
        var step = await MergeCommitAsync(_commits[id], runs[id].NoChanges ? null : runs[id].BaseCommit, message, cancellation);
        if (step.Conflict is { } firstPaths && run.Settings.OnConflict == ConflictPolicy.RetrySequential && !output.Retried.Contains(id))
        {
            output.Retried.Add(id);
            run.Log.Warning($"{id} conflicts in {string.Join(", ", firstPaths)}; running its agent again on {integration.Head[..12]}");
            var redoBase = integration.Head;
            var redo = await SequentialRetry.RunAsync(run, plan, runs[id], redoBase, firstPaths, cancellation);
            if (redo is not null)
            {
                _commits[id] = redo;
                _builtOn[id] = Steps.Select(s => s.Task).ToList();
                step = await MergeCommitAsync(redo, redoBase, message + " (redone on the integration head)", cancellation);
            }
        }

        if (step.Conflict is { } paths)
        {
            _notMerged.Add(id);
            output.Conflicts.Add(new MergeConflict(id, [.. paths]));
            run.Log.Warning($"{id} conflicts in {string.Join(", ", paths)}; branch {runs[id].Branch} kept");
            return false;
        }

        Steps.Add(new IntegrationStep(id, _commits[id], step.Head));
        return true;
    }

    /// <summary>Takes a task out (its tests failed): its dependents will be blocked.</summary>
    public void Drop(string id) => _notMerged.Add(id);

    /// <summary>Rewinds the integration branch to the head after <paramref name="keep"/> steps and merges the later ones again.</summary>
    public async Task RebuildAfterAsync(int keep, string reason, CancellationToken cancellation)
    {
        var later = Steps.Skip(keep).ToList();
        Steps.RemoveRange(keep, Steps.Count - keep);
        await integration.RewindAsync(keep == 0 ? StartHead : Steps[keep - 1].Head, reason, cancellation);
        foreach (var step in later.Where(s => !_notMerged.Contains(s.Task)))
        {
            if (step.External)
            {
                var merged = await MergeCommitAsync(step.Commit, null, $"Merge {step.Task}", cancellation);
                if (merged.Conflict is null)
                {
                    Steps.Add(step with { Head = merged.Head });
                }
            }
            else
            {
                await MergeAsync(step.Task, cancellation);
            }
        }
    }

    public IEnumerable<string> MergedTasks => Steps.Where(s => !s.External).Select(s => s.Task);

    /// <summary>
    /// Merges <paramref name="commit"/>, made on <paramref name="baseCommit"/> (null when unknown, or when the task
    /// changed nothing), into the integration head. Whether it is already in the head is asked of git only when it may
    /// be: a commit of the head's own history is known to be, and a task's new commit with changes of its own cannot be
    /// while the head holds only what this Merge merged, in dependency order, on the run's base (no one else moved it):
    /// nothing merged so far was built on it.
    /// </summary>
    private async Task<MergeStep> MergeCommitAsync(string commit, string? baseCommit, string message, CancellationToken cancellation)
    {
        var before = integration.Moves.Count;
        if (integration.Moves.Count == 0 && (commit == StartHead || Steps.Any(s => s.Commit == commit || s.Head == commit)))
        {
            return new MergeStep(integration.Head, null);
        }

        var mayBeInHead = baseCommit is null || commit == baseCommit;
        var step = await integration.MergeAsync(commit, message, cancellation, mayBeInHead);
        foreach (var moved in integration.Moves.Skip(before))
        {
            Steps.Add(new IntegrationStep($"external {moved[..12]}", moved, moved, External: true));
        }

        return step;
    }

    private IEnumerable<string> DependenciesOf(string id) => plan[id].DependsOn.Concat(_builtOn.GetValueOrDefault(id) ?? []);

    private void Block(string id, string reason)
    {
        _notMerged.Add(id);
        output.Blocked.Add(new BlockedMerge(id, reason));
        run.Log.Warning($"{id} blocked: {reason}");
    }
}
