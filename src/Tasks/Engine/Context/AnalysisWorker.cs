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
    private readonly WordTable _words = new();
    private readonly List<int> _newWordTerms = [];
    private readonly TermSink _addTerm;

    private TermCounts[] _counts = new TermCounts[1 << 12];
    private int _file;
    private int[] _touched = new int[1 << 10];
    private int _touchedCount;
    private readonly List<int> _fileTerms = [];

    public AnalysisWorker() => _addTerm = term => _newWordTerms.Add(AddTerm(term));

    /// <summary>Every term this worker met, by its worker-local id.</summary>
    public SpanKeyTable Vocabulary { get; } = new();

    /// <summary>The term ids and frequencies of the chunks and files this worker counted.</summary>
    public IntBlocks Counted { get; } = new();

    /// <summary>The term ids of a word as written (the whole identifier when it has parts, then each part).</summary>
    public ReadOnlySpan<int> TermsOf(ReadOnlySpan<char> word)
    {
        var hash = WordTable.Seed;
        foreach (var c in word)
        {
            hash = WordTable.Step(hash, c);
        }

        return _words.TermsOf(in WordOf(word, hash));
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
        var i = start;
        while (i < end)
        {
            var c = text[i];
            var kind = TokenEstimate.ClassOf(c);
            var from = i++;
            if (kind == 0)
            {
                var hash = WordTable.Step(WordTable.Seed, c);
                while (i < text.Length && TokenEstimate.ClassOf(c = text[i]) <= 1)
                {
                    hash = WordTable.Step(hash, c);
                    i++;
                }

                var word = text[from..i];
                if (word.Length > Terms.LongestTerm)
                {
                    tokenTenths += TokenEstimate.WordPiecesTenths(word);
                    continue;
                }

                ref readonly var slot = ref WordOf(word, hash);
                tokenTenths += slot.TokenTenths;
                if (slot.TermCount == 1)
                {
                    Count(slot.Terms);
                }
                else
                {
                    foreach (var term in _words.TermsOf(in slot))
                    {
                        Count(term);
                    }
                }

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

        return i;
    }

    /// <summary>Counts each of the terms once more.</summary>
    public void Count(ReadOnlySpan<int> terms)
    {
        foreach (var term in terms)
        {
            Count(term);
        }
    }

    /// <summary>The terms counted since the last chunk ended, with their frequencies, stored in <see cref="Counted"/>; the counts start again from zero.</summary>
    public (IntRun Terms, IntRun Frequencies) EndChunk()
    {
        var touched = _touched.AsSpan(0, _touchedCount);
        var terms = Counted.Append(touched);
        var frequencies = Counted.Add(touched.Length, out var frequenciesRun);
        for (var i = 0; i < touched.Length; i++)
        {
            (frequencies[i], _counts[touched[i]].InChunk) = (_counts[touched[i]].InChunk, 0);
        }

        _touchedCount = 0;
        return (terms, frequenciesRun);
    }

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
    private ref readonly WordTable.Slot WordOf(ReadOnlySpan<char> word, uint hash)
    {
        ref readonly var slot = ref _words.Find(word, hash);
        return ref slot.Length != 0 ? ref slot : ref AddWord(word, hash);
    }

    private ref readonly WordTable.Slot AddWord(ReadOnlySpan<char> word, uint hash)
    {
        _newWordTerms.Clear();
        Terms.TermsOf(word, _addTerm);
        return ref _words.Add(word, hash, CollectionsMarshal.AsSpan(_newWordTerms), TokenEstimate.WordPiecesTenths(word));
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

    /// <summary>A term's count in the chunk being counted, and the last file that used it, side by side: one cache line.</summary>
    private struct TermCounts
    {
        public int InChunk;
        public int LastFile;
    }
}
