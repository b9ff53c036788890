using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>
/// One analysis thread's state, kept from file to file: its vocabulary (each distinct word it met as written, with the
/// term ids the analyzer makes of it, and each distinct term) and the counts of the chunk being counted. A word is split,
/// lower-cased and stemmed the first time this worker meets it; after that it costs one lookup. Never shared between
/// threads (no locks): the workers' term lists are merged into the tree's once all are done (<see cref="TermDictionary"/>).
/// </summary>
internal sealed class AnalysisWorker
{
    private readonly SpanKeyTable _words = new();
    private int[] _wordTermStarts = new int[1 << 12];
    private int[] _wordTermIds = new int[1 << 12];
    private int _wordTermEnd;
    private readonly TermSink _addTerm;

    private int[] _counts = new int[1 << 12];
    private int[] _lastFile = new int[1 << 12];
    private int _file;
    private int[] _touched = new int[1 << 10];
    private int _touchedCount;
    private readonly List<int> _fileTerms = [];

    public AnalysisWorker() => _addTerm = term =>
    {
        var id = AddTerm(term);
        if (_wordTermEnd == _wordTermIds.Length)
        {
            Array.Resize(ref _wordTermIds, _wordTermIds.Length * 2);
        }

        _wordTermIds[_wordTermEnd++] = id;
    };

    /// <summary>Every term this worker met, by its worker-local id.</summary>
    public SpanKeyTable Vocabulary { get; } = new();

    /// <summary>The term ids of a word as written (the whole identifier when it has parts, then each part).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> TermsOf(ReadOnlySpan<char> word)
    {
        var hash = SpanKeyTable.Hash(word);
        var id = _words.Find(word, hash);
        if (id < 0)
        {
            id = AddWord(word, hash);
        }

        return _wordTermIds.AsSpan(_wordTermStarts[id], _wordTermStarts[id + 1] - _wordTermStarts[id]);
    }

    /// <summary>Starts counting a new file: <see cref="FileTerms"/> lists the terms counted from here on.</summary>
    public void BeginFile()
    {
        _file++;
        _fileTerms.Clear();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Count(ReadOnlySpan<int> terms)
    {
        foreach (var term in terms)
        {
            if (_counts[term]++ != 0)
            {
                continue;
            }

            if (_touchedCount == _touched.Length)
            {
                Array.Resize(ref _touched, _touched.Length * 2);
            }

            _touched[_touchedCount++] = term;
            if (_lastFile[term] != _file)
            {
                _lastFile[term] = _file;
                _fileTerms.Add(term);
            }
        }
    }

    /// <summary>The terms counted since the last chunk ended, with their frequencies; the counts start again from zero.</summary>
    public (int[] Terms, int[] Frequencies) EndChunk()
    {
        var (terms, frequencies) = (_touched.AsSpan(0, _touchedCount).ToArray(), new int[_touchedCount]);
        for (var i = 0; i < terms.Length; i++)
        {
            (frequencies[i], _counts[terms[i]]) = (_counts[terms[i]], 0);
        }

        _touchedCount = 0;
        return (terms, frequencies);
    }

    /// <summary>The file's distinct terms in the order it first used them.</summary>
    public int[] FileTerms() => [.. _fileTerms];

    private int AddWord(ReadOnlySpan<char> word, uint hash)
    {
        var id = _words.Count;
        if (id + 2 > _wordTermStarts.Length)
        {
            Array.Resize(ref _wordTermStarts, _wordTermStarts.Length * 2);
        }

        Terms.TermsOf(word, _addTerm);
        _wordTermStarts[id + 1] = _wordTermEnd;
        _words.Add(word, hash);
        return id;
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
            Array.Resize(ref _lastFile, _lastFile.Length * 2);
        }

        return id;
    }
}
