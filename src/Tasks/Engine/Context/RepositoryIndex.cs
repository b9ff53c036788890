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

/// <summary>A run of lines of one file, the unit BM25 ranks; its length is its number of terms.</summary>
public sealed record Chunk(int File, int StartLine, int EndLine, int Length);

/// <summary>A file the query matched, with its best chunk and the query terms it contains.</summary>
public sealed record SearchHit(IndexedFile File, double Score, Chunk BestChunk, IReadOnlyList<string> MatchedTerms);

/// <summary>
/// The lexical index of one repository tree: files, chunks, terms (BM25) and symbols, read from the saved index file
/// where a query looks (a term's postings, the files it ranks); a file's record is decoded once, when first asked for.
/// </summary>
public sealed class RepositoryIndex : IDisposable
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly MappedIndexFile _file;
    private readonly IndexedFile?[] _decoded;
    private readonly Dictionary<int, List<(int Chunk, int Frequency)>> _postings = [];

    internal RepositoryIndex(string tree, MappedIndexFile file)
    {
        (Tree, _file) = (tree, file);
        _decoded = new IndexedFile?[file.FileCount];
        Files = new LazyFiles(this);
    }

    /// <summary>The git tree the index was built from: the cache key.</summary>
    public string Tree { get; }

    /// <summary>Every indexed file, in tree order; each decoded when first read.</summary>
    public IReadOnlyList<IndexedFile> Files { get; }

    public int ChunkCount => _file.ChunkCount;

    public int TermCount => _file.TermCount;

    public IndexCounts Counts => _file.Counts;

    /// <summary>Where a cold build spent its time; null for an index loaded from the cache.</summary>
    public IndexBuildTimings? BuildTimings { get; init; }

    /// <summary>Blobs the build read and kept (a small tree built in this process), by id: excerpts need no git for them.</summary>
    public IReadOnlyDictionary<string, byte[]> BlobsRead { get; init; } = NoBlobs;

    internal static readonly IReadOnlyDictionary<string, byte[]> NoBlobs = new Dictionary<string, byte[]>();

    public IndexedFile? Find(string path) => _file.FileId(path) is var id and >= 0 ? FileAt(id) : null;

    /// <summary>Files ranked by their best chunk's BM25 score for the query's terms.</summary>
    public List<SearchHit> Search(string query, int limit, IReadOnlySet<string>? excluded = null)
    {
        var excludedIds = (excluded ?? new HashSet<string>()).Select(_file.FileId).Where(id => id >= 0).ToHashSet();
        var chunkScores = new Dictionary<int, double>();
        var chunkMatches = new Dictionary<int, List<string>>();
        foreach (var term in Terms.Of(query).Distinct())
        {
            if (_file.TermId(term) is not (var id and >= 0))
            {
                continue;
            }

            var postings = PostingsOf(id);
            var idf = Math.Log(1 + ((ChunkCount - postings.Count + 0.5) / (postings.Count + 0.5)));
            foreach (var (chunk, frequency) in postings)
            {
                var norm = frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * _file.ChunkLength(chunk) / _file.AverageChunkLength))));
                chunkScores[chunk] = chunkScores.GetValueOrDefault(chunk) + (idf * norm);
                (chunkMatches.TryGetValue(chunk, out var list) ? list : chunkMatches[chunk] = []).Add(term);
            }
        }

        var bestByFile = new Dictionary<int, (int Chunk, double Score)>();
        foreach (var (chunk, score) in chunkScores)
        {
            var file = _file.ChunkFile(chunk);
            if (!excludedIds.Contains(file) && (!bestByFile.TryGetValue(file, out var best) || score > best.Score))
            {
                bestByFile[file] = (chunk, score);
            }
        }

        var ranked = bestByFile.ToList();
        ranked.Sort((a, b) => b.Value.Score.CompareTo(a.Value.Score) is var order and not 0 ? order : string.CompareOrdinal(FileAt(a.Key).Path, FileAt(b.Key).Path));
        return ranked
            .Take(limit)
            .Select(kv => new SearchHit(FileAt(kv.Key), Math.Round(kv.Value.Score, 3), _file.Chunk(kv.Value.Chunk), chunkMatches[kv.Value.Chunk]))
            .ToList();
    }

    /// <summary>Where a name is declared.</summary>
    public IEnumerable<(IndexedFile File, Symbol Symbol)> Declarations(string name) => DeclarationsOfTerm(Terms.Key(name));

    /// <summary>Where a name is declared, by the term the analyzer made of it.</summary>
    public IEnumerable<(IndexedFile File, Symbol Symbol)> DeclarationsOfTerm(string term) =>
        _file.Declarations(term).Select(d => (FileAt(d.File), FileAt(d.File).Symbols[d.Symbol]));

    /// <summary>Every term of a file, as the analyzer produced it (identifiers whole and split).</summary>
    public HashSet<string> TermsOf(IndexedFile file) =>
        _file.FileTerms(_file.FileId(file.Path)).Select(_file.Term).ToHashSet(StringComparer.Ordinal);

    public void Dispose() => _file.Dispose();

    private IndexedFile FileAt(int id) => _decoded[id] ??= _file.File(id);

    /// <summary>A term's postings, decoded the first time a query asks for it: the plan's and its tasks' queries share terms.</summary>
    private List<(int Chunk, int Frequency)> PostingsOf(int term) =>
        _postings.TryGetValue(term, out var postings) ? postings : _postings[term] = _file.Postings(term);

    private sealed class LazyFiles(RepositoryIndex index) : IReadOnlyList<IndexedFile>
    {
        public int Count => index._decoded.Length;

        public IndexedFile this[int id] => index.FileAt(id);

        public IEnumerator<IndexedFile> GetEnumerator() => Enumerable.Range(0, Count).Select(index.FileAt).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>What the index holds and what it left out.</summary>
public sealed record IndexCounts(int TrackedFiles, int SkippedBinary, int SkippedLarge, long TotalTokens)
{
    public int SymbolCount { get; init; }
}

/// <summary>
/// A cold build's stages in milliseconds: list the tree, read and analyse the blobs (streamed: analysis runs while
/// cat-file reads), wait for the history's <c>git log</c> (run alongside), and save the index file (join the terms,
/// invert the postings, write).
/// </summary>
public sealed record IndexBuildTimings(long List, long ReadAndAnalyse, long History)
{
    public long Save { get; init; }
}
