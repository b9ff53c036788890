using System.Collections.Immutable;
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

    private static readonly ImmutableArray<byte> AsciiClasses = [.. Enumerable.Range(0, 128).Select(i => (char)i)
        .Select(c => (byte)(char.IsLetter(c) || c == '_' ? 0 : char.IsNumber(c) ? 1 : char.IsWhiteSpace(c) ? 2 : 3))];

    public static int Of(string text) => Of(text.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Of(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var tokens = 0.0;
        var i = 0;
        while (i < text.Length)
        {
            var end = PieceEnd(text, i);
            tokens += Cost(text[i..end]);
            i = end;
        }

        return Math.Max(1, (int)Math.Ceiling(tokens));
    }

    public static int Characters(int tokens) => (int)(tokens * CharactersPerToken);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Cost(ReadOnlySpan<char> piece)
    {
        var first = piece[0] == ' ' && piece.Length > 1 ? piece[1] : piece[0];
        if (char.IsLetter(first))
        {
            return WordCost(piece.TrimStart(' '));
        }

        if (char.IsDigit(first))
        {
            return Math.Ceiling(piece.TrimStart(' ').Length / 3.0);
        }

        if (char.IsWhiteSpace(first))
        {
            // A run of spaces or newlines (indentation included) is mostly one token.
            return 1;
        }

        // Punctuation merges in short runs ("();", "=>", "//") and often with the space before it.
        return Math.Ceiling(piece.TrimStart(' ').Length / 3.0) * 0.9;
    }

    /// <summary>Common words are one token; long or mixed-case identifiers split into several sub-words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double WordCost(ReadOnlySpan<char> word)
    {
        if (!char.IsAscii(word[0]))
        {
            return Math.Max(1, word.Length / 2.0);
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
        return parts * (averagePart <= 9 ? 1 : Math.Ceiling(averagePart / 8));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ClassOf(char c) => c < 128 ? AsciiClasses[c] : char.IsLetter(c) ? 0 : char.IsNumber(c) ? 1 : char.IsWhiteSpace(c) ? 2 : 3;
}
