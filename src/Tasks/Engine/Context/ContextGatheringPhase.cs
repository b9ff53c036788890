using System.Diagnostics;
using Orchestrator.Plans;
using Orchestrator.Runs;

namespace Orchestrator.Context;

/// <summary>Phase 0: index the repository at the base commit (cached by tree), then query it for the plan and each task.</summary>
public sealed class ContextGatheringPhase : IPhase
{
    public static readonly PhaseOutput<GatheringOutput> Output = new("ContextGathering");

    private const int PlanHits = 15;
    private const int TaskHits = 8;
    private const int ExcerptCharacters = 600;

    public PhaseDeclaration Declaration { get; } = new()
    {
        Number = 0,
        Name = "ContextGathering",
        StateName = "CONTEXT_GATHERING",
        Description = "index the target repository, gather context relevant to the plan",
        StateField = "global_context",
    };

    public async Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var cacheDirectory = run.Layout.ContextCacheDirectory;
        var tree = run.BaseTree ?? run.Git.Run(["rev-parse", $"{run.BaseCommit}^{{tree}}"], cancellation);
        var plan = run.SourcePlan;
        var specs = SpecDocuments.BesidePlan(plan?.SourcePath, run.RepoPath);
        var resultFile = GatheringCache.FileFor(cacheDirectory, tree, plan, specs, run.Settings.UserPrompt);
        if (GatheringCache.TryLoad(resultFile) is { } saved)
        {
            saved.Head = run.BaseCommit;
            saved.CacheHit = true;
            saved.TimingsMs = new GatheringTimings { Index = clock.ElapsedMilliseconds, Query = 0 };
            run.Log.Info(
                $"Context of tree {tree[..12]} and this plan loaded from the cache in {clock.ElapsedMilliseconds} ms " +
                $"({saved.Totals.Items} items, ~{saved.Totals.Tokens} tokens; {saved.Index.IndexedFiles} files indexed)");
            return PhaseOutcome.Succeeded(saved);
        }

        var (index, hit) = await IndexCache.LoadOrBuildAsync(run.BaseListing, tree, cacheDirectory, cancellation);
        using var mapped = index;
        var indexMs = clock.ElapsedMilliseconds;
        var referenced = ReferencedFiles(plan, index);

        var items = new List<GlobalContextItem>();
        items.AddRange(specs.Select(s => new GlobalContextItem
        {
            Path = s.Path,
            Kind = "spec",
            Score = 1,
            Tokens = TokenEstimate.Of(s.Text),
            Excerpt = Excerpts.Head(s.Text, ExcerptCharacters),
            Why = "spec document beside the plan",
        }));
        var scope = referenced.Where(r => r.Exists).ToList();
        var excluded = ContextQueries.Excluded(plan, run.RepoPath);
        var hits = plan is null ? [] : index.Search(ContextQueries.ForPlan(plan, run.Settings.UserPrompt), PlanHits, excluded);
        var top = hits.Count == 0 ? 1 : hits[0].Score;
        var texts = Excerpts.Read(run.RepoPath, scope.Select(r => index.Find(r.Path)!).Concat(hits.Select(h => h.File)), cancellation, index.BlobsRead);
        foreach (var named in scope)
        {
            var file = index.Find(named.Path)!;
            var why = $"named by {string.Join(", ", named.Tasks)}";
            items.Add(Item(file, "scope", 1, why, Excerpts.Head(texts.GetValueOrDefault(file.Path) ?? "", ExcerptCharacters)));
        }

        foreach (var searchHit in hits.Where(h => items.All(i => i.Path != h.File.Path)))
        {
            var excerpt = Excerpts.Lines(texts.GetValueOrDefault(searchHit.File.Path) ?? "", searchHit.BestChunk, ExcerptCharacters);
            items.Add(Item(searchHit.File, searchHit.File.Kind, Math.Round(searchHit.Score / top, 3), Excerpts.Why(searchHit), excerpt));
        }

        var output = new GatheringOutput
        {
            Head = run.BaseCommit,
            Tree = index.Tree,
            CacheHit = hit,
            CacheFile = IndexCache.FileFor(cacheDirectory, index.Tree),
            Index = IndexSummary.Of(index),
            Items = items,
            Totals = new ContextTotals { Items = items.Count, Tokens = items.Sum(i => (long)i.Tokens) },
            Tasks = plan?.Tasks.Where(t => t.ToDo).Select(t => QueryTask(index, t, excluded)).ToList() ?? [],
            ReferencedFiles = referenced,
            TimingsMs = new GatheringTimings { Index = indexMs, Query = clock.ElapsedMilliseconds - indexMs, Build = index.BuildTimings },
        };
        GatheringCache.Save(resultFile, output);
        IndexCache.Prune(cacheDirectory);
        run.Log.Info(
            $"Indexed {index.Files.Count} of {index.Counts.TrackedFiles} tracked files at {run.BaseCommit[..12]} " +
            $"({(hit ? "cached" : "built")} in {indexMs} ms; {index.ChunkCount} chunks, {index.Counts.SymbolCount} symbols, " +
            $"{index.Counts.SkippedBinary} binary and {index.Counts.SkippedLarge} large files skipped)");
        run.Log.Info(
            $"Gathered {items.Count} context items (~{output.Totals.Tokens} tokens): {specs.Count} spec documents, " +
            $"{referenced.Count(r => r.Exists)} of {referenced.Count} files named by the plan exist");
        return PhaseOutcome.Succeeded(output);
    }

    private static TaskContext QueryTask(RepositoryIndex index, PlanTask task, IReadOnlySet<string> excluded)
    {
        var hits = index.Search(ContextQueries.ForTask(task), TaskHits, excluded);
        var top = hits.Count == 0 ? 1 : hits[0].Score;
        return new TaskContext
        {
            Task = task.Id,
            Hits = hits.Select(h => new TaskHit(h.File.Path, Math.Round(h.Score / top, 3), Excerpts.Why(h))).ToList(),
        };
    }

    /// <summary>Each file the plan names, in the order first named, with the tasks naming it (a loop: nothing generic over tuples to compile).</summary>
    private static List<ReferencedFile> ReferencedFiles(TaskPlan? plan, RepositoryIndex index)
    {
        var files = new List<ReferencedFile>();
        var byPath = new Dictionary<string, ReferencedFile>(StringComparer.Ordinal);
        foreach (var task in plan?.Tasks ?? [])
        {
            foreach (var path in task.Files)
            {
                if (!byPath.TryGetValue(path, out var file))
                {
                    files.Add(byPath[path] = file = new ReferencedFile(path, index.Find(path) is not null, []));
                }

                if (file.Tasks.Count == 0 || file.Tasks[^1] != task.Id)
                {
                    file.Tasks.Add(task.Id); // once per task (ids are unique), even when it names the file twice
                }
            }
        }

        return files;
    }

    private static GlobalContextItem Item(IndexedFile file, string kind, double score, string why, string excerpt) => new()
    {
        Path = file.Path,
        Kind = kind,
        Score = score,
        Tokens = file.Tokens,
        Excerpt = excerpt,
        Why = file.History.Count > 0 ? $"{why}; last changed {file.History[0].Commit} \"{file.History[0].Subject}\"" : why,
    };
}
