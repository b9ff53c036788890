using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>
/// Token count of source text without a BPE vocabulary (none is on the package feed): the text is cut the way BPE
/// pre-tokenizers cut it (words with their leading space, digit runs, punctuation runs, whitespace runs) and each piece
/// is costed by the rules below, fitted to o200k_base counts of a reference sample (error measured in the README).
/// </summary>
public static class TokenEstimate
{
    /// <summary>Average characters per token over the reference sample, for turning a token budget into characters.</summary>
    public const double CharactersPerToken = 4.2;

    /// <summary><see cref="ClassOf"/> of each ASCII character, as data in the assembly: the scan reads it for every character.</summary>
    private static ReadOnlySpan<byte> AsciiClasses =>
    [
        3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, // control characters; tab, line feed, vertical tab, form feed, carriage return are white space
        2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, // space, punctuation, digits
        3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 0, // @, A-Z, [ \ ] ^, underscore
        3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, // `, a-z, { | } ~, DEL
    ];

    public static int Of(string text) => Of(text.AsSpan());

    public static int Of(ReadOnlySpan<char> text)
    {
        var tenths = 0L;
        var i = 0;
        while (i < text.Length)
        {
            var end = PieceEnd(text, i);
            var piece = text[i..end];
            tenths += PieceTenths(piece.Length > 1 && piece[0] == ' ' && ClassOf(piece[1]) != 2 ? piece[1..] : piece);
            i = end;
        }

        return FromTenths(tenths, text.Length);
    }

    /// <summary>The estimate of a text whose pieces cost <paramref name="tenths"/> tenths of a token in all.</summary>
    internal static int FromTenths(long tenths, int textLength) => textLength == 0 ? 0 : (int)Math.Max(1, (tenths + 9) / 10);

    public static int Characters(int tokens) => (int)(tokens * CharactersPerToken);

    /// <summary>
    /// A piece's cost in tenths of a token (every rule's cost is a whole number of tenths, so the sum is exact), the piece
    /// without the space it may have taken in front.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PieceTenths(ReadOnlySpan<char> piece)
    {
        var first = piece[0];
        if (char.IsLetter(first))
        {
            return WordTenths(piece);
        }

        if (char.IsDigit(first))
        {
            return (piece.Length + 2) / 3 * 10;
        }

        // A run of spaces or newlines (indentation included) is mostly one token; punctuation merges in short runs
        // ("();", "=>", "//") and often with the space before it.
        return char.IsWhiteSpace(first) ? 10 : (piece.Length + 2) / 3 * 9;
    }

    /// <summary>
    /// The tenths of a token of a word as the index's analysis scans it (letters, underscores and digits, starting with
    /// a letter or underscore): the sum of its pieces' costs, each piece a run of one class.
    /// </summary>
    internal static int WordPiecesTenths(ReadOnlySpan<char> word)
    {
        var (tenths, start) = (0, 0);
        while (start < word.Length)
        {
            var (kind, end) = (ClassOf(word[start]), start + 1);
            while (end < word.Length && ClassOf(word[end]) == kind)
            {
                end++;
            }

            tenths += PieceTenths(word[start..end]);
            start = end;
        }

        return tenths;
    }

    /// <summary>Common words are one token; long or mixed-case identifiers split into several sub-words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WordTenths(ReadOnlySpan<char> word)
    {
        if (!char.IsAscii(word[0]))
        {
            return Math.Max(10, word.Length * 5);
        }

        var parts = 1;
        for (var i = 1; i < word.Length; i++)
        {
            if ((char.IsUpper(word[i]) && char.IsLower(word[i - 1])) || (word[i] == '_' && i < word.Length - 1))
            {
                parts++;
            }
        }

        var averagePart = (double)word.Length / parts;
        return parts * (averagePart <= 9 ? 10 : (int)Math.Ceiling(averagePart / 8) * 10);
    }

    /// <summary>
    /// Where the piece starting at <paramref name="start"/> ends: a run of letters, digits or punctuation with at most one
    /// leading space, or a run of whitespace (the pre-tokenizer's cut, scanned by hand because a regex match per piece
    /// cost more than the rest of indexing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PieceEnd(ReadOnlySpan<char> text, int start)
    {
        var first = start;
        if (text[start] == ' ' && start + 1 < text.Length && ClassOf(text[start + 1]) != 2)
        {
            first = start + 1;
        }
        else if (ClassOf(text[start]) == 2)
        {
            var end = start + 1;
            while (end < text.Length && ClassOf(text[end]) == 2)
            {
                end++;
            }

            return end;
        }

        var kind = ClassOf(text[first]);
        var next = first + 1;
        while (next < text.Length && ClassOf(text[next]) == kind)
        {
            next++;
        }

        return next;
    }

    /// <summary>0 a letter or underscore, 1 a number, 2 white space, 3 anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ClassOf(char c) => c < 128 ? AsciiClasses[c] : char.IsLetter(c) ? 0 : char.IsNumber(c) ? 1 : char.IsWhiteSpace(c) ? 2 : 3;
}
