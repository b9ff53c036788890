using Orchestrator.Plans;

namespace Orchestrator.Context;

/// <summary>A piece of context a task may get, in rank order; a file of the index or a spec document.</summary>
public sealed record ContextCandidate(string Path, string Reason, IndexedFile? File = null, string? Text = null, Chunk? Focus = null);

/// <summary>
/// Ranks what a task should see: its scope files, then index hits for its description, the spec documents, files
/// declaring symbols its scope uses, and the files of its dependencies' scopes (what they change is only known once
/// they ran; their scope is the best guess before).
/// </summary>
public static class ContextRanking
{
    private const int DescriptionHits = 6;
    private const double WeakestHitShare = 0.25;
    private const int SymbolFiles = 6;
    private const int ShortestSymbolName = 4;

    public static List<ContextCandidate> Rank(
        PlanTask task, TaskPlan plan, RepositoryIndex index, IReadOnlyList<SpecDocument> specs, IReadOnlySet<string> excluded)
    {
        var ranked = new List<ContextCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(ContextCandidate candidate)
        {
            if (seen.Add(candidate.Path))
            {
                ranked.Add(candidate);
            }
        }

        var scope = task.Files.Select(index.Find).OfType<IndexedFile>().ToList();
        scope.ForEach(f => Add(new ContextCandidate(f.Path, "in the task's file scope", f)));

        var hits = index.Search(ContextQueries.ForTask(task), DescriptionHits * 2, excluded);
        foreach (var hit in hits.Where(h => h.Score >= hits[0].Score * WeakestHitShare).Take(DescriptionHits))
        {
            Add(new ContextCandidate(hit.File.Path, $"index hit for the description: {Excerpts.Why(hit)}", hit.File, Focus: hit.BestChunk));
        }

        foreach (var spec in specs)
        {
            Add(new ContextCandidate(spec.Path, "spec document beside the plan", Text: spec.Text));
        }

        foreach (var (file, names, user) in SymbolsUsedBy(scope, index).Take(SymbolFiles))
        {
            Add(new ContextCandidate(file.Path, $"declares {string.Join(", ", names.Take(4))} used by {user}", file));
        }

        foreach (var dependency in Dependencies(task, plan))
        {
            foreach (var file in plan[dependency].Files.Select(index.Find).OfType<IndexedFile>())
            {
                Add(new ContextCandidate(file.Path, $"in the scope of dependency {dependency} (as at the base commit)", file));
            }
        }

        return ranked;
    }

    /// <summary>
    /// The ranked candidates followed by what phase 0 (ContextGathering) found for the task that they do not have yet,
    /// in phase 0's order; a hit on a file the index no longer has is left out.
    /// </summary>
    public static List<ContextCandidate> WithGatheredHits(List<ContextCandidate> ranked, IEnumerable<TaskHit> gathered, RepositoryIndex index)
    {
        var seen = ranked.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var joined = new List<ContextCandidate>(ranked);
        foreach (var hit in gathered.Where(h => seen.Add(h.Path)))
        {
            if (index.Find(hit.Path) is { } file)
            {
                joined.Add(new ContextCandidate(file.Path, $"phase 0 (ContextGathering) hit for the task: {hit.Why}", file));
            }
        }

        return joined;
    }

    /// <summary>Files declaring names that the scope files mention, most names first.</summary>
    private static IEnumerable<(IndexedFile File, List<string> Names, string User)> SymbolsUsedBy(List<IndexedFile> scope, RepositoryIndex index)
    {
        var scopePaths = scope.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, (IndexedFile File, List<string> Names, string User)>(StringComparer.Ordinal);
        foreach (var user in scope)
        {
            foreach (var term in index.TermsOf(user).Where(t => t.Length >= ShortestSymbolName))
            {
                foreach (var (file, symbol) in index.DeclarationsOfTerm(term).Where(d => !scopePaths.Contains(d.File.Path)))
                {
                    var entry = found.TryGetValue(file.Path, out var existing) ? existing : found[file.Path] = (file, [], user.Path);
                    if (!entry.Names.Contains(symbol.Name))
                    {
                        entry.Names.Add(symbol.Name);
                    }
                }
            }
        }

        return found.Values.OrderByDescending(e => e.Names.Count).ThenBy(e => e.File.Path, StringComparer.Ordinal);
    }

    /// <summary>Every task this one waits for, nearest first.</summary>
    private static List<string> Dependencies(PlanTask task, TaskPlan plan)
    {
        var order = new List<string>();
        var queue = new Queue<string>(task.DependsOn);
        while (queue.TryDequeue(out var id))
        {
            if (plan.Contains(id) && !order.Contains(id))
            {
                order.Add(id);
                foreach (var next in plan[id].DependsOn)
                {
                    queue.Enqueue(next);
                }
            }
        }

        return order;
    }
}
