using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>
/// One file's share of the index, worked out on any thread: its symbols and token estimate, and its chunks' term
/// counts against the file's own term list (each distinct term allocated once), joined to the tree's term ids at the end.
/// </summary>
internal sealed class FileAnalysis
{
    private const int ChunkLines = 60;
    private const int ChunkCharacters = 2400;

    private readonly Dictionary<string, int> _localIds = new(StringComparer.Ordinal);
    private int[] _counts = new int[64];
    private readonly List<int> _touched = [];

    private readonly List<string> _localTerms = [];

    private FileAnalysis(IndexedFile file) => File = file;

    public IndexedFile File { get; }

    /// <summary>The tree-wide id of each of the file's terms, in the order the file first uses them (its local ids).</summary>
    public List<int> Terms { get; private set; } = [];

    public List<(int Start, int End, int[] LocalIds, int[] Frequencies)> Chunks { get; } = [];

    public static FileAnalysis Of(IndexBuilder.TreeEntry entry, ReadOnlySpan<char> text, TermDictionary tree)
    {
        var analysis = new FileAnalysis(new IndexedFile
        {
            Path = entry.Path,
            Blob = entry.Blob,
            Size = entry.Size,
            Tokens = TokenEstimate.Of(text),
            Kind = IndexBuilder.KindOf(entry.Path),
            Symbols = SymbolExtractor.Extract(entry.Path, text),
        });
        analysis.CountChunks(entry.Path, text);
        analysis.Terms = tree.Join(analysis._localTerms);
        analysis._localIds.Clear();
        analysis._localIds.TrimExcess();
        analysis._localTerms.Clear();
        analysis._localTerms.TrimExcess();
        return analysis;
    }

    /// <summary>Runs of up to 60 lines or 2,400 characters (at least one line), each counting the path's terms too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountChunks(string path, ReadOnlySpan<char> text)
    {
        var withoutExtension = Path.ChangeExtension(path, null) ?? path;
        var pathIds = new List<int>();
        var lookup = _localIds.GetAlternateLookup<ReadOnlySpan<char>>();
        Orchestrator.Context.Terms.Scan(withoutExtension.Replace('/', ' ').Replace('.', ' ').Replace('-', ' '), term => pathIds.Add(IdOf(lookup, term)));

        var line = 0;
        var offset = 0;
        while (true)
        {
            var (startLine, startOffset, characters) = (line, offset, 0);
            while (offset <= text.Length && line - startLine < ChunkLines && (characters < ChunkCharacters || line == startLine))
            {
                var newline = text[offset..].IndexOf('\n');
                var next = newline < 0 ? text.Length + 1 : offset + newline + 1;
                characters += next - offset;
                (offset, line) = (next, line + 1);
            }

            pathIds.ForEach(Count);
            Orchestrator.Context.Terms.Scan(text[startOffset..Math.Min(offset, text.Length)], term => Count(IdOf(lookup, term)));
            Chunks.Add((startLine + 1, Math.Max(startLine + 1, line), [.. _touched], [.. _touched.Select(id => _counts[id])]));
            _touched.ForEach(id => _counts[id] = 0);
            _touched.Clear();
            if (offset > text.Length)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int IdOf(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<char> term)
    {
        if (!lookup.TryGetValue(term, out var id))
        {
            var text = term.ToString();
            id = _localTerms.Count;
            _localIds[text] = id;
            _localTerms.Add(text);
        }

        return id;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Count(int id)
    {
        if (id >= _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(id + 1, _counts.Length * 2));
        }

        if (_counts[id]++ == 0)
        {
            _touched.Add(id);
        }
    }
}
