using System.Text.RegularExpressions;

namespace Orchestrator.Context;

/// <summary>
/// The index's analyzer: identifiers are kept whole and also split into their camelCase / snake_case parts, so
/// "BookNotFoundError" matches a description that says "book not found"; plurals are folded.
/// </summary>
public static partial class Terms
{
    private const int LongestTerm = 40;

    private static readonly HashSet<string> StopWords =
    [
        "the", "and", "for", "with", "that", "this", "from", "into", "are", "was", "were", "not", "but", "its", "you",
        "your", "our", "has", "have", "had", "will", "can", "all", "any", "each", "when", "then", "than", "there", "their",
        "them", "they", "also", "use", "used", "using", "via", "per", "out", "new", "get", "set", "var", "let", "def",
        "public", "private", "static", "void", "return", "import", "class", "string", "int", "true", "false", "null",
        "none", "self", "end", "if", "in", "of", "to", "is", "it", "on", "or", "an", "as", "at", "be", "by", "do", "so",
    ];

    public static IEnumerable<string> Of(string text)
    {
        foreach (Match match in Words().Matches(text))
        {
            var word = match.Value;
            if (word.Length > LongestTerm)
            {
                continue;
            }

            var parts = SplitIdentifier(word);
            if (parts.Count > 1 && Normalise(word) is { } whole)
            {
                yield return whole;
            }

            foreach (var part in parts)
            {
                if (Normalise(part) is { } term)
                {
                    yield return term;
                }
            }
        }
    }

    /// <summary>The whole identifier, lower-cased: how symbol names are looked up among a file's terms.</summary>
    public static string Key(string identifier) => Normalise(identifier) ?? identifier.ToLowerInvariant();

    public static List<string> SplitIdentifier(string word)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 1; i <= word.Length; i++)
        {
            var boundary = i == word.Length || word[i] == '_'
                || (char.IsUpper(word[i]) && char.IsLower(word[i - 1]))
                || (char.IsUpper(word[i]) && i + 1 < word.Length && char.IsLower(word[i + 1]) && char.IsUpper(word[i - 1]))
                || (char.IsDigit(word[i]) != char.IsDigit(word[i - 1]));
            if (boundary)
            {
                if (i > start)
                {
                    parts.Add(word[start..i].Trim('_'));
                }

                start = i < word.Length && word[i] == '_' ? i + 1 : i;
            }
        }

        return parts.Where(p => p.Length > 0).ToList();
    }

    private static string? Normalise(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.Length < 2 || StopWords.Contains(lower) || char.IsDigit(lower[0]))
        {
            return null;
        }

        return Stem(lower);
    }

    private static string Stem(string word) =>
        word.Length <= 3 ? word
        : word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) ? word[..^2]
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            && !word.EndsWith("is", StringComparison.Ordinal) ? word[..^1]
        : word;

    [GeneratedRegex(@"[\p{L}_][\p{L}\p{N}_]*", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
