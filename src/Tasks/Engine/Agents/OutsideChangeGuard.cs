using Orchestrator.Git;

namespace Orchestrator.Agents;

/// <summary>
/// Watches what agents can reach outside their own worktree, for a whole run: a <see cref="RepositoryFingerprint"/> is
/// taken whenever an agent starts or ends, so between two of them the set of agents running is fixed. A change seen
/// between two fingerprints is the doing of the agents that ran in that window: of one, it fails that task only; of
/// several, the log says it cannot tell which; of none, it was not an agent's. Refs, <c>.git/config</c> and
/// <c>.git/hooks</c> an agent changed are put back as they were (a changed config or hook is kept under the run's
/// quarantine folder); files an agent changed in a checkout are reported, not touched.
/// </summary>
public sealed class OutsideChangeGuard(Worktrees worktrees, GuardedPlaces places, IRunLog log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _lock = new();
    private readonly Dictionary<string, (string Worktree, string Ref)> _attempts = [];
    private readonly HashSet<string> _movedSinceLast = [];
    private readonly HashSet<string> _agentsRunning = [];
    private readonly Dictionary<string, List<string>> _blame = [];
    private readonly CheckoutStatuses _statuses = new();

    // Files a task changed outside stay changed (they are never undone), so its retries fail for them too.
    private readonly Dictionary<string, List<string>> _lasting = [];
    private RepositoryFingerprint? _last;

    /// <summary>A task's attempt begins: its worktree and branch are the run's to change until <see cref="Leave"/>.</summary>
    public void Enter(string name, string worktree, string branchRef)
    {
        lock (_lock)
        {
            _attempts[name] = (Path.GetFullPath(worktree), branchRef);
            _movedSinceLast.UnionWith([Path.GetFullPath(worktree), branchRef]);
        }
    }

    /// <summary>The run itself moves <paramref name="reference"/> (one fetched from the run's remote): not an agent's doing.</summary>
    public void RunMoves(string reference)
    {
        lock (_lock)
        {
            _movedSinceLast.Add(reference);
        }
    }

    public void Leave(string name)
    {
        lock (_lock)
        {
            _attempts.Remove(name);
        }
    }

    public async Task AgentStartingAsync(string name, CancellationToken cancellation)
    {
        await ObserveAsync(cancellation);
        lock (_lock)
        {
            _agentsRunning.Add(name);
            _blame.Remove(name);
            if (_lasting.TryGetValue(name, out var lasting))
            {
                _blame[name] = [.. lasting];
            }
        }
    }

    /// <summary>Called once the agent and its processes are gone: what it changed outside its worktree, or null.</summary>
    public async Task<string?> AgentEndedAsync(string name, CancellationToken cancellation)
    {
        try
        {
            await ObserveAsync(cancellation);
        }
        finally
        {
            lock (_lock)
            {
                _agentsRunning.Remove(name);
            }
        }

        lock (_lock)
        {
            return _blame.Remove(name, out var changes) ? "changed outside its worktree: " + string.Join("; ", changes) : null;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> between two looks, never during one, when that matters: a worktree removed while a
    /// look runs `git status` in a checkout that holds it (artifacts inside the repository) makes that status fail.
    /// With the artifacts outside the checkout it runs at once, beside a look (the worktree is still the task's then).
    /// </summary>
    public async Task BetweenLooksAsync(Func<Task> action, CancellationToken cancellation)
    {
        if (!Guards.ContainedDeletion.IsInside(places.Artifacts, worktrees.Repository.WorkingDirectory))
        {
            await action();
            return;
        }

        await _gate.WaitAsync(cancellation);
        try
        {
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ObserveAsync(CancellationToken cancellation)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            HashSet<string> ignored;
            List<string> idleWorktrees;
            lock (_lock)
            {
                // Whatever an attempt held at any time since the last look was the run's to change meanwhile.
                ignored = [.. _movedSinceLast, .. _attempts.Values.SelectMany(a => new[] { a.Worktree, a.Ref }), .. places.AlwaysMovedRefs];
                _movedSinceLast.Clear();
                _movedSinceLast.UnionWith(_attempts.Values.SelectMany(a => new[] { a.Worktree, a.Ref }));
                // Listed when idle now, compared only when idle all along: a worktree's first look after its task is its baseline.
                var active = _attempts.Values.Select(a => a.Worktree).ToHashSet();
                idleWorktrees = (Directory.Exists(places.RunWorktrees) ? Directory.GetDirectories(places.RunWorktrees) : [])
                    .Select(Path.GetFullPath).Where(w => !active.Contains(w)).ToList();
            }

            var now = await RepositoryFingerprint.TakeAsync(worktrees, idleWorktrees, places.Artifacts, _statuses, cancellation);
            lock (_lock)
            {
                // An attempt that began while the fingerprint was taken may have made its branch already.
                ignored.UnionWith(_movedSinceLast);
            }

            var before = _last;
            _last = now;
            var changes = before is null ? [] : now.ChangesSince(before, ignored);
            if (changes.Count > 0)
            {
                _last = await AttributeAsync(before!, now, changes, ignored, cancellation);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<RepositoryFingerprint> AttributeAsync(
        RepositoryFingerprint before, RepositoryFingerprint now, IReadOnlyList<string> changes, IReadOnlySet<string> ignored, CancellationToken cancellation)
    {
        string[] candidates;
        lock (_lock)
        {
            candidates = [.. _agentsRunning.Order(StringComparer.Ordinal)];
        }

        if (candidates.Length == 0)
        {
            log.Info($"Changed outside the run while no agent ran (not an agent's doing): {string.Join("; ", changes)}");
            return now;
        }

        var restored = await new GuardRestore(worktrees.Repository, places).RestoreAsync(before, now, ignored, cancellation);
        var report = changes.Concat(restored).ToList();
        if (candidates.Length == 1)
        {
            lock (_lock)
            {
                (_blame.TryGetValue(candidates[0], out var list) ? list : _blame[candidates[0]] = []).AddRange(report);
                (_lasting.TryGetValue(candidates[0], out var kept) ? kept : _lasting[candidates[0]] = [])
                    .AddRange(changes.Where(c => !c.StartsWith("ref ", StringComparison.Ordinal) && !c.StartsWith(".git/", StringComparison.Ordinal)));
            }
        }
        else
        {
            log.Warning($"Changed outside the run's worktrees while {string.Join(", ", candidates)} ran; cannot tell which: {string.Join("; ", report)}");
        }

        return restored.Count == 0 ? now : await RepositoryFingerprint.TakeAsync(worktrees, [.. now.RunWorktrees.Keys], places.Artifacts, _statuses, cancellation);
    }
}

/// <summary>Where the guard looks and keeps things: the run's folders and the refs the run moves itself.</summary>
public sealed record GuardedPlaces(string Artifacts, string RunWorktrees, string Quarantine, IReadOnlyList<string> AlwaysMovedRefs);
