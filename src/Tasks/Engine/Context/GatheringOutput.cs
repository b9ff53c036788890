namespace Orchestrator.Context;

/// <summary>ContextGathering's output_data and <c>global_context</c> in state.</summary>
public sealed class GatheringOutput
{
    public string Head { get; set; } = "";

    public string Tree { get; set; } = "";

    /// <summary>True when the index was loaded from the cache for this tree instead of being built.</summary>
    public bool CacheHit { get; set; }

    public string CacheFile { get; set; } = "";

    public IndexSummary Index { get; set; } = new();

    /// <summary>Context relevant to the plan as a whole, best first.</summary>
    public List<GlobalContextItem> Items { get; set; } = [];

    public ContextTotals Totals { get; set; } = new();

    /// <summary>Per task: the index's best hits for its description, scope and story.</summary>
    public List<TaskContext> Tasks { get; set; } = [];

    public List<ReferencedFile> ReferencedFiles { get; set; } = [];

    public GatheringTimings TimingsMs { get; set; } = new();
}

public sealed class IndexSummary
{
    public int TrackedFiles { get; set; }

    public int IndexedFiles { get; set; }

    public int SkippedBinary { get; set; }

    public int SkippedLarge { get; set; }

    public int Chunks { get; set; }

    public int Terms { get; set; }

    public int Symbols { get; set; }

    public long Tokens { get; set; }

    public static IndexSummary Of(RepositoryIndex index) => new()
    {
        TrackedFiles = index.Counts.TrackedFiles,
        IndexedFiles = index.Files.Count,
        SkippedBinary = index.Counts.SkippedBinary,
        SkippedLarge = index.Counts.SkippedLarge,
        Chunks = index.ChunkCount,
        Terms = index.TermCount,
        Symbols = index.Counts.SymbolCount,
        Tokens = index.Counts.TotalTokens,
    };
}

/// <summary>One piece of gathered context: kind is spec, scope, code, test, doc or config; score 0..1 relative to the best.</summary>
public sealed class GlobalContextItem
{
    public string Path { get; set; } = "";

    public string Kind { get; set; } = "";

    public double Score { get; set; }

    public int Tokens { get; set; }

    public string Excerpt { get; set; } = "";

    public string Why { get; set; } = "";
}

public sealed class ContextTotals
{
    public int Items { get; set; }

    public long Tokens { get; set; }
}

public sealed class TaskContext
{
    public string Task { get; set; } = "";

    public List<TaskHit> Hits { get; set; } = [];
}

public sealed record TaskHit(string Path, double Score, string Why);

public sealed record ReferencedFile(string Path, bool Exists, List<string> Tasks);

public sealed class GatheringTimings
{
    public long Index { get; set; }

    public long Query { get; set; }

    /// <summary>The index build's stages when it was built in this run (absent when loaded from the cache).</summary>
    public IndexBuildTimings? Build { get; set; }
}
