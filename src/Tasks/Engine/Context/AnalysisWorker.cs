using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Orchestrator.Context;

/// <summary>
/// One analysis thread's state, kept from file to file: its vocabulary (each distinct word it met as written, with the
/// term ids the analyzer makes of it and its token cost, and each distinct term), the counts of the chunk being counted
/// and the counts of those it counted. A word is split, lower-cased, stemmed and costed the first time this worker meets
/// it; after that it costs one lookup. Never shared between
/// threads (no locks): the workers' term lists are merged into the tree's once all are done (<see cref="TermDictionary"/>).
/// </summary>
internal sealed class AnalysisWorker
{
    /// <summary>About how many bytes of text give a new word (or term) to a worker: measured on the bench's real tree.</summary>
    private const int BytesPerWord = 256;

    private readonly WordTable _words;
    private readonly List<int> _newWordTerms = [];
    private readonly TermSink _addTerm;

    private TermCounts[] _counts;
    private int _file;
    private int[] _touched = new int[1 << 10];
    private int _touchedCount;
    private readonly List<int> _fileTerms = [];
    private PendingWord[] _pending = new PendingWord[1 << 9];

    /// <param name="textBytes">
    /// About how much text this worker will read: its tables are sized for it at once, not grown (each growth copies
    /// and rehashes the whole table).
    /// </param>
    public AnalysisWorker(long textBytes = 0)
    {
        var expected = (int)Math.Clamp(textBytes / BytesPerWord, 1 << 10, 1 << 21);
        (_words, Vocabulary, _counts) = (new WordTable(expected), new SpanKeyTable(expected), new TermCounts[expected]);
        _addTerm = term => _newWordTerms.Add(AddTerm(term));
    }

    /// <summary>Every term this worker met, by its worker-local id.</summary>
    public SpanKeyTable Vocabulary { get; }

    /// <summary>The term ids and frequencies of the chunks and files this worker counted.</summary>
    public IntBlocks Counted { get; } = new();

    /// <summary>The term ids of a word as written (the whole identifier when it has parts, then each part).</summary>
    public ReadOnlySpan<int> TermsOf(ReadOnlySpan<char> word)
    {
        var (packed, bits) = (0UL, 0u);
        foreach (var c in word)
        {
            (packed, bits) = (WordTable.Pack(packed, c), bits | c);
        }

        return _words.TermsOf(in WordOf(word, WordTable.KeyOf(word, packed, bits)));
    }

    /// <summary>Starts counting a new file: <see cref="FileTerms"/> lists the terms counted from here on.</summary>
    public void BeginFile()
    {
        _file++;
        _fileTerms.Clear();
    }

    /// <summary>
    /// Counts the terms of the words that start before <paramref name="end"/>, from <paramref name="start"/>, and adds the
    /// token cost of the text scanned to <paramref name="tokenTenths"/> (<see cref="TokenEstimate"/>'s pieces, scanned in
    /// the same pass: a word's cost is kept with it). Returns where the scan stopped: a run of white space is read to its
    /// end, past <paramref name="end"/> (a chunk ends after a newline, so no word is cut).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Scan(ReadOnlySpan<char> text, int start, int end, ref long tokenTenths)
    {
        var (i, pending) = (start, 0);
        while (i < end)
        {
            var c = text[i];
            var kind = TokenEstimate.ClassOf(c);
            var from = i++;
            if (kind == 0)
            {
                var (packed, bits) = ((ulong)c, (uint)c);
                while (i < text.Length && TokenEstimate.ClassOf(c = text[i]) <= 1)
                {
                    (packed, bits) = (WordTable.Pack(packed, c), bits | c);
                    i++;
                }

                var word = text[from..i];
                if (word.Length > Terms.LongestTerm)
                {
                    tokenTenths += TokenEstimate.WordPiecesTenths(word);
                    continue;
                }

                if (pending == _pending.Length)
                {
                    Array.Resize(ref _pending, pending * 2);
                }

                var key = WordTable.KeyOf(word, packed, bits);
                _words.Prefetch(in key);
                _pending[pending++] = new PendingWord(from, word.Length, key);
                continue;
            }

            if (kind == 2 && c == ' ' && i < text.Length && TokenEstimate.ClassOf(text[i]) != 2)
            {
                continue; // a space before a piece is part of it and costs nothing more
            }

            while (i < text.Length && TokenEstimate.ClassOf(text[i]) == kind)
            {
                i++;
            }

            tokenTenths += TokenEstimate.PieceTenths(text[from..i]);
        }

        CountPending(text, _pending.AsSpan(0, pending), ref tokenTenths);
        return i;
    }

    /// <summary>
    /// Looks the scanned words up (their slots were asked for as they were read) and counts their terms, in order; the
    /// counts of one-term words are asked for in the first pass and counted in the second.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CountPending(ReadOnlySpan<char> text, Span<PendingWord> words, ref long tokenTenths)
    {
        foreach (ref var word in words)
        {
            ref readonly var slot = ref WordOf(text.Slice(word.From, word.Length), word.Key);
            tokenTenths += slot.TokenTenths;
            (word.TermCount, word.Terms) = (slot.TermCount, slot.Terms);
            if (word.TermCount == 1)
            {
                CachePrefetch.Of(ref _counts[word.Terms]);
            }
        }

        foreach (ref readonly var word in words)
        {
            if (word.TermCount == 1)
            {
                Count(word.Terms);
            }
            else
            {
                foreach (var term in _words.TermList(word.Terms, word.TermCount))
                {
                    Count(term);
                }
            }
        }
    }

    /// <summary>Counts each of the terms once more.</summary>
    public void Count(ReadOnlySpan<int> terms)
    {
        foreach (var term in terms)
        {
            Count(term);
        }
    }

    /// <summary>
    /// The terms counted since the last chunk ended, with their frequencies, stored in <see cref="Counted"/>, and how
    /// many occurrences they make; the counts start again from zero.
    /// </summary>
    public (IntRun Terms, IntRun Frequencies, int Length) EndChunk()
    {
        var touched = _touched.AsSpan(0, _touchedCount);
        var terms = Counted.Append(touched);
        var frequencies = Counted.Add(touched.Length, out var frequenciesRun);
        var length = 0;
        for (var i = 0; i < touched.Length; i++)
        {
            ref var counts = ref _counts[touched[i]];
            (frequencies[i], counts.InChunk, counts.Chunks) = (counts.InChunk, 0, counts.Chunks + 1);
            length += frequencies[i];
        }

        _touchedCount = 0;
        return (terms, frequenciesRun, length);
    }

    /// <summary>How many of the chunks this worker counted have the term (this worker's id): its postings.</summary>
    public int ChunksWith(int term) => _counts[term].Chunks;

    /// <summary>The file's distinct terms in the order it first used them, stored in <see cref="Counted"/>.</summary>
    public IntRun FileTerms() => Counted.Append(CollectionsMarshal.AsSpan(_fileTerms));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(int term)
    {
        ref var counts = ref _counts[term];
        if (counts.InChunk++ != 0)
        {
            return;
        }

        if (_touchedCount == _touched.Length)
        {
            Array.Resize(ref _touched, _touched.Length * 2);
        }

        _touched[_touchedCount++] = term;
        if (counts.LastFile != _file)
        {
            counts.LastFile = _file;
            _fileTerms.Add(term);
        }
    }

    /// <summary>The word's slot; the first time this worker meets the word, it is split into terms and costed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref readonly WordTable.Slot WordOf(ReadOnlySpan<char> word, scoped in WordTable.WordKey key)
    {
        ref var slot = ref _words.Find(word, in key);
        return ref slot.Length != 0 ? ref slot : ref AddWord(ref slot, word, in key);
    }

    private ref readonly WordTable.Slot AddWord(ref WordTable.Slot free, ReadOnlySpan<char> word, scoped in WordTable.WordKey key)
    {
        _newWordTerms.Clear();
        Terms.TermsOf(word, _addTerm);
        return ref _words.Add(ref free, word, in key, CollectionsMarshal.AsSpan(_newWordTerms), TokenEstimate.WordPiecesTenths(word));
    }

    private int AddTerm(ReadOnlySpan<char> term)
    {
        var hash = SpanKeyTable.Hash(term);
        var id = Vocabulary.Find(term, hash);
        if (id >= 0)
        {
            return id;
        }

        id = Vocabulary.Add(term, hash);
        if (id >= _counts.Length)
        {
            Array.Resize(ref _counts, _counts.Length * 2);
        }

        return id;
    }

    /// <summary>A word the scan read, where it is and its key; its terms once it is looked up.</summary>
    private record struct PendingWord(int From, int Length, WordTable.WordKey Key)
    {
        public int TermCount;
        public int Terms;
    }

    /// <summary>A term's count in the chunk being counted, the last file that used it and how many chunks had it, side by side: one cache line.</summary>
    private struct TermCounts
    {
        public int InChunk;
        public int LastFile;
        public int Chunks;
    }
}
