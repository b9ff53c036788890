using System.Text.RegularExpressions;

namespace Orchestrator.Context;

/// <summary>
/// Token count of source text without a BPE vocabulary (none is on the package feed): the text is cut the way BPE
/// pre-tokenizers cut it (words with their leading space, digit runs, punctuation runs, whitespace runs) and each piece
/// is costed by the rules below, fitted to o200k_base counts of a reference sample (error measured in the README).
/// </summary>
public static partial class TokenEstimate
{
    /// <summary>Average characters per token over the reference sample, for turning a token budget into characters.</summary>
    public const double CharactersPerToken = 4.2;

    public static int Of(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var tokens = 0.0;
        foreach (Match piece in Pieces().Matches(text))
        {
            tokens += Cost(piece.ValueSpan);
        }

        return Math.Max(1, (int)Math.Ceiling(tokens));
    }

    public static int Characters(int tokens) => (int)(tokens * CharactersPerToken);

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

    [GeneratedRegex(@" ?[\p{L}_]+| ?\p{N}+| ?[^\s\p{L}\p{N}_]+|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Pieces();
}
