namespace Orchestrator.Context;

/// <summary>A tracked file the index read: its blob, size, estimated tokens, kind and declared symbols.</summary>
public sealed class IndexedFile
{
    public required string Path { get; init; }

    public required string Blob { get; init; }

    public long Size { get; init; }

    public int Tokens { get; init; }

    public required string Kind { get; init; }

    public List<Symbol> Symbols { get; init; } = [];

    public List<HistoryEntry> History { get; set; } = [];
}

/// <summary>A recent commit that touched a file.</summary>
public sealed record HistoryEntry(string Commit, long UnixTime, string Subject);

/// <summary>A run of lines of one file, the unit BM25 ranks; its terms as (term id, frequency) pairs.</summary>
public sealed class Chunk
{
    public int File { get; init; }

    public int StartLine { get; init; }

    public int EndLine { get; init; }

    public required int[] TermIds { get; init; }

    public required int[] Frequencies { get; init; }

    public int Length => Frequencies.Sum();
}

/// <summary>A file the query matched, with its best chunk and the query terms it contains.</summary>
public sealed record SearchHit(IndexedFile File, double Score, Chunk BestChunk, IReadOnlyList<string> MatchedTerms);

/// <summary>The lexical index of one repository tree: files, chunks, terms (BM25) and symbols.</summary>
public sealed class RepositoryIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, int> _termIds;
    private readonly List<(int Chunk, int Frequency)>[] _postings;
    private readonly double _averageLength;
    private readonly Dictionary<string, int> _fileByPath;
    private readonly Lazy<ILookup<string, (IndexedFile File, Symbol Symbol)>> _symbolsByKey;

    public RepositoryIndex(string tree, List<IndexedFile> files, List<string> terms, List<Chunk> chunks, IndexCounts counts)
    {
        Tree = tree;
        Files = files;
        TermList = terms;
        Chunks = chunks;
        Counts = counts;
        _termIds = terms.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        _postings = new List<(int, int)>[terms.Count];
        for (var c = 0; c < chunks.Count; c++)
        {
            for (var t = 0; t < chunks[c].TermIds.Length; t++)
            {
                (_postings[chunks[c].TermIds[t]] ??= []).Add((c, chunks[c].Frequencies[t]));
            }
        }

        _averageLength = chunks.Count == 0 ? 1 : Math.Max(1, chunks.Average(c => c.Length));
        _fileByPath = files.Select((f, i) => (f.Path, i)).ToDictionary(x => x.Path, x => x.i, StringComparer.Ordinal);
        _symbolsByKey = new(() => files.SelectMany(f => f.Symbols.Select(s => (File: f, Symbol: s))).ToLookup(x => Terms.Key(x.Symbol.Name)));
    }

    /// <summary>The git tree the index was built from: the cache key.</summary>
    public string Tree { get; }

    public List<IndexedFile> Files { get; }

    public List<string> TermList { get; }

    public List<Chunk> Chunks { get; }

    public IndexCounts Counts { get; }

    /// <summary>Where a cold build spent its time; null for an index loaded from the cache.</summary>
    public IndexBuildTimings? BuildTimings { get; init; }

    public IndexedFile? Find(string path) => _fileByPath.TryGetValue(path, out var i) ? Files[i] : null;

    /// <summary>Files ranked by their best chunk's BM25 score for the query's terms.</summary>
    public List<SearchHit> Search(string query, int limit, IReadOnlySet<string>? excluded = null)
    {
        var queryTerms = Terms.Of(query).Distinct().Where(_termIds.ContainsKey).ToList();
        var chunkScores = new Dictionary<int, double>();
        var chunkMatches = new Dictionary<int, List<string>>();
        foreach (var term in queryTerms)
        {
            var postings = _postings[_termIds[term]] ?? [];
            var idf = Math.Log(1 + ((Chunks.Count - postings.Count + 0.5) / (postings.Count + 0.5)));
            foreach (var (chunk, frequency) in postings)
            {
                var norm = frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * Chunks[chunk].Length / _averageLength))));
                chunkScores[chunk] = chunkScores.GetValueOrDefault(chunk) + (idf * norm);
                (chunkMatches.TryGetValue(chunk, out var list) ? list : chunkMatches[chunk] = []).Add(term);
            }
        }

        return chunkScores
            .Where(kv => excluded is null || !excluded.Contains(Files[Chunks[kv.Key].File].Path))
            .GroupBy(kv => Chunks[kv.Key].File)
            .Select(g => g.MaxBy(kv => kv.Value))
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => Files[Chunks[kv.Key].File].Path, StringComparer.Ordinal)
            .Take(limit)
            .Select(kv => new SearchHit(Files[Chunks[kv.Key].File], Math.Round(kv.Value, 3), Chunks[kv.Key], chunkMatches[kv.Key]))
            .ToList();
    }

    /// <summary>Where a name is declared.</summary>
    public IEnumerable<(IndexedFile File, Symbol Symbol)> Declarations(string name) => DeclarationsOfTerm(Terms.Key(name));

    /// <summary>Where a name is declared, by the term the analyzer made of it.</summary>
    public IEnumerable<(IndexedFile File, Symbol Symbol)> DeclarationsOfTerm(string term) => _symbolsByKey.Value[term];

    /// <summary>Every term of a file, as the analyzer produced it (identifiers whole and split).</summary>
    public HashSet<string> TermsOf(IndexedFile file)
    {
        var index = _fileByPath[file.Path];
        return Chunks.Where(c => c.File == index).SelectMany(c => c.TermIds).Select(id => TermList[id]).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>What the index holds and what it left out.</summary>
public sealed record IndexCounts(int TrackedFiles, int SkippedBinary, int SkippedLarge, long TotalTokens)
{
    public int SymbolCount { get; init; }
}

/// <summary>A cold build's stages in milliseconds: list the tree, read the blobs, analyse them, join the terms, read history.</summary>
public sealed record IndexBuildTimings(long List, long Read, long Analyse, long Assemble, long History);
