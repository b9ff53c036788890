using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>A term the analyzer produced, as a span valid only during the call.</summary>
public delegate void TermSink(ReadOnlySpan<char> term);

/// <summary>
/// The index's analyzer: identifiers are kept whole and also split into their camelCase / snake_case parts, so
/// "BookNotFoundError" matches a description that says "book not found"; plurals are folded. It scans spans and
/// hands out terms as spans; the index's analysis splits each distinct word once (<see cref="AnalysisWorker"/>).
/// </summary>
public static class Terms
{
    internal const int LongestTerm = 40;

    private const int LongestStopWord = 7;

    private static readonly FrozenSet<string> StopWords = FrozenSet.Create(
        StringComparer.Ordinal,
    [
        "the", "and", "for", "with", "that", "this", "from", "into", "are", "was", "were", "not", "but", "its", "you",
        "your", "our", "has", "have", "had", "will", "can", "all", "any", "each", "when", "then", "than", "there", "their",
        "them", "they", "also", "use", "used", "using", "via", "per", "out", "new", "get", "set", "var", "let", "def",
        "public", "private", "static", "void", "return", "import", "class", "string", "int", "true", "false", "null",
        "none", "self", "end", "if", "in", "of", "to", "is", "it", "on", "or", "an", "as", "at", "be", "by", "do", "so",
    ]);

    /// <summary>For ASCII: 1 starts a word (a letter or underscore), 2 continues one (a digit), 0 neither.</summary>
    private static readonly ImmutableArray<byte> AsciiWord = [.. Enumerable.Range(0, 128).Select(i => (byte)(char.IsLetter((char)i) || i == '_' ? 1 : char.IsDigit((char)i) ? 2 : 0))];

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordSpans = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IEnumerable<string> Of(string text)
    {
        var terms = new List<string>();
        Scan(text, term => terms.Add(term.ToString()));
        return terms;
    }

    /// <summary>Every term of the text, in order: words are letters, digits and underscores starting with a letter or underscore.</summary>
    public static void Scan(ReadOnlySpan<char> text, TermSink sink)
    {
        var words = new TermsOfEachWord(sink);
        Words(text, ref words);
    }

    /// <summary>
    /// Every word of the text short enough to give terms, in order, as it is written. The index's analysis reads a file's
    /// words in its own scan (<see cref="AnalysisWorker.Scan"/>, the same words, the token estimate in the same pass) and
    /// turns each distinct word into terms once (<see cref="TermsOf"/>).
    /// </summary>
    internal static void Words<TSink>(ReadOnlySpan<char> text, ref TSink sink)
        where TSink : struct, IWordSink
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordStart(text[i]))
            {
                i++;
                continue;
            }

            var start = i++;
            while (i < text.Length && IsWordPart(text[i]))
            {
                i++;
            }

            if (i - start <= LongestTerm)
            {
                sink.Word(text[start..i]);
            }
        }
    }

    /// <summary>A word's terms: the whole word when it has several parts, then each part; stop words and numbers left out.</summary>
    internal static void TermsOf(ReadOnlySpan<char> word, TermSink sink)
    {
        Span<char> buffer = stackalloc char[LongestTerm];
        Span<Range> parts = stackalloc Range[LongestTerm];
        var count = Split(word, parts);
        int length;
        if (count > 1 && (length = Normalise(word, buffer)) > 0)
        {
            sink(buffer[..length]);
        }

        for (var p = 0; p < count; p++)
        {
            if ((length = Normalise(word[parts[p]], buffer)) > 0)
            {
                sink(buffer[..length]);
            }
        }
    }

    /// <summary>The whole identifier, lower-cased: how symbol names are looked up among a file's terms.</summary>
    public static string Key(string identifier)
    {
        Span<char> buffer = stackalloc char[Math.Max(identifier.Length, 1)];
        var length = Normalise(identifier, buffer);
        return length > 0 ? new string(buffer[..length]) : identifier.ToLowerInvariant();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordStart(char c) => c < 128 ? AsciiWord[c] == 1 : char.IsLetter(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordPart(char c) => c < 128 ? AsciiWord[c] != 0 : char.IsLetter(c) || char.IsNumber(c);

    /// <summary>camelCase, PascalCase, snake_case and digit-run boundaries; underscores trimmed, empty parts dropped.</summary>
    private static int Split(ReadOnlySpan<char> word, Span<Range> parts)
    {
        var count = 0;
        var start = 0;
        for (var i = 1; i <= word.Length; i++)
        {
            var boundary = i == word.Length || word[i] == '_'
                || (char.IsUpper(word[i]) && char.IsLower(word[i - 1]))
                || (char.IsUpper(word[i]) && i + 1 < word.Length && char.IsLower(word[i + 1]) && char.IsUpper(word[i - 1]))
                || (char.IsDigit(word[i]) != char.IsDigit(word[i - 1]));
            if (!boundary)
            {
                continue;
            }

            var (from, to) = (start, i);
            while (from < to && word[from] == '_')
            {
                from++;
            }

            while (to > from && word[to - 1] == '_')
            {
                to--;
            }

            if (to > from)
            {
                parts[count++] = from..to;
            }

            start = i < word.Length && word[i] == '_' ? i + 1 : i;
        }

        return count;
    }

    /// <summary>The lower-cased, stemmed term written into the buffer, or 0 for a stop word, a number or a single letter.</summary>
    private static int Normalise(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var length = Lower(word, buffer);
        var lower = buffer[..length];
        if (length < 2 || char.IsDigit(lower[0]) || (length <= LongestStopWord && StopWordSpans.Contains(lower)))
        {
            return 0;
        }

        return Stem(buffer, length);
    }

    /// <summary>Lower-cased by hand while the word is ASCII (the common case, and many times cheaper than a culture-invariant call).</summary>
    private static int Lower(ReadOnlySpan<char> word, Span<char> buffer)
    {
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c >= 128)
            {
                return word.ToLowerInvariant(buffer);
            }

            buffer[i] = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
        }

        return word.Length;
    }

    private static int Stem(Span<char> word, int length)
    {
        var lower = word[..length];
        if (length <= 3)
        {
            return length;
        }

        if (lower.EndsWith("ies"))
        {
            word[length - 3] = 'y';
            return length - 2;
        }

        if (lower.EndsWith("sses") || lower.EndsWith("xes") || lower.EndsWith("ches") || lower.EndsWith("shes"))
        {
            return length - 2;
        }

        return lower.EndsWith('s') && !lower.EndsWith("ss") && !lower.EndsWith("us") && !lower.EndsWith("is") ? length - 1 : length;
    }
}

/// <summary>Receives the words of a text, each as a span valid only during the call.</summary>
internal interface IWordSink
{
    void Word(ReadOnlySpan<char> word);
}

internal readonly struct TermsOfEachWord(TermSink sink) : IWordSink
{
    public void Word(ReadOnlySpan<char> word) => Terms.TermsOf(word, sink);
}
