using System.Runtime.CompilerServices;
using Orchestrator.Git;

namespace Orchestrator.Context;

/// <summary>
/// One file's share of the index, worked out on an analysis worker's thread: its symbols and token estimate, and its
/// chunks' term counts in the worker's own term ids, turned into the tree's ids once every worker is done (<see cref="Remap"/>).
/// </summary>
internal sealed class FileAnalysis
{
    private const int ChunkLines = 60;
    private const int ChunkCharacters = 2400;

    private readonly IntBlocks _counted;

    private FileAnalysis(IndexedFile file, int worker, IntBlocks counted, List<Chunk> chunks, IntRun terms) =>
        (File, Worker, _counted, Chunks, Terms) = (file, worker, counted, chunks, terms);

    public IndexedFile File { get; }

    /// <summary>Which worker analysed the file: whose term ids it holds until <see cref="Remap"/>.</summary>
    public int Worker { get; }

    /// <summary>The file's distinct terms, in the order the file first uses them (read through <see cref="this[IntRun]"/>).</summary>
    public IntRun Terms { get; }

    /// <summary>Each chunk's lines (1-based), distinct terms and their frequencies there.</summary>
    public List<Chunk> Chunks { get; }

    /// <summary>The term ids or frequencies stored at this run.</summary>
    public Span<int> this[IntRun run] => _counted[run];

    public static FileAnalysis Of(TreeListing.Entry entry, ReadOnlySpan<char> text, AnalysisWorker worker, int workerNumber)
    {
        worker.BeginFile();
        var (chunks, tokens) = CountChunks(entry.Path, text, worker);
        var file = new IndexedFile
        {
            Path = entry.Path,
            Blob = entry.Id,
            Size = entry.Size,
            Tokens = tokens,
            Kind = IndexBuilder.KindOf(entry.Path),
            Symbols = SymbolExtractor.Extract(entry.Path, text),
        };
        return new FileAnalysis(file, workerNumber, worker.Counted, chunks, worker.FileTerms());
    }

    /// <summary>Turns the worker's term ids into the tree's, in place; null when they are the tree's already.</summary>
    public void Remap(int[]? treeIds)
    {
        if (treeIds is null)
        {
            return;
        }

        Replace(this[Terms], treeIds);
        foreach (var chunk in Chunks)
        {
            Replace(this[chunk.Terms], treeIds);
        }
    }

    private static void Replace(Span<int> ids, int[] treeIds)
    {
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = treeIds[ids[i]];
        }
    }

    /// <summary>
    /// Runs of up to 60 lines or 2,400 characters (at least one line), each counting the path's terms too; and the
    /// text's token estimate, scanned in the same pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (List<Chunk> Chunks, int Tokens) CountChunks(string path, ReadOnlySpan<char> text, AnalysisWorker worker)
    {
        var withoutExtension = Path.ChangeExtension(path, null) ?? path;
        var pathWords = new PathTerms(worker, []);
        Orchestrator.Context.Terms.Words(withoutExtension.Replace('/', ' ').Replace('.', ' ').Replace('-', ' '), ref pathWords);
        var pathTerms = pathWords.Found.ToArray();
        var chunks = new List<Chunk>();
        var tokenTenths = 0L;
        var scanned = 0;

        var line = 0;
        var offset = 0;
        while (true)
        {
            var (startLine, characters) = (line, 0);
            while (offset <= text.Length && line - startLine < ChunkLines && (characters < ChunkCharacters || line == startLine))
            {
                var newline = text[offset..].IndexOf('\n');
                var next = newline < 0 ? text.Length + 1 : offset + newline + 1;
                characters += next - offset;
                (offset, line) = (next, line + 1);
            }

            worker.Count(pathTerms);
            scanned = worker.Scan(text, scanned, Math.Min(offset, text.Length), ref tokenTenths);
            var (terms, frequencies, length) = worker.EndChunk();
            chunks.Add(new Chunk(startLine + 1, Math.Max(startLine + 1, line), terms, frequencies, length));
            if (offset > text.Length)
            {
                return (chunks, TokenEstimate.FromTenths(tokenTenths, text.Length));
            }
        }
    }

    private readonly struct PathTerms(AnalysisWorker worker, List<int> found) : IWordSink
    {
        public List<int> Found { get; } = found;

        public void Word(ReadOnlySpan<char> word) => Found.AddRange(worker.TermsOf(word));
    }

    /// <summary>A chunk's lines (1-based), where its distinct terms and their frequencies there are stored, and how many occurrences they make.</summary>
    internal readonly record struct Chunk(int Start, int End, IntRun Terms, IntRun Frequencies, int Length);
}
