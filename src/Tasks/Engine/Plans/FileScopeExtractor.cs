using System.Text.RegularExpressions;

namespace Orchestrator.Plans;

/// <summary>
/// Finds the file paths a task description mentions: backticked paths, or bare tokens that contain
/// a '/' or end in a file extension. Words that merely look like paths are left out.
/// </summary>
internal static partial class FileScopeExtractor
{
    private static readonly HashSet<string> NotPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "vs", "a.k.a", "and/or", "n/a", "w/o",
        "node.js", "vue.js", "next.js", "nuxt.js", "express.js", "react.js", "three.js", "d3.js", "chart.js",
    };

    private static readonly char[] SurroundingPunctuation = "`\"'()[]{}<>,;:!?*".ToCharArray();

    private static readonly char[] TrailingPunctuation = [.. SurroundingPunctuation, '.'];

    /// <summary>Paths in order of first mention; backticks count as punctuation around a token.</summary>
    public static IEnumerable<string> Extract(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(Clean)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    private static string? Clean(string token)
    {
        var path = token.TrimStart(SurroundingPunctuation).TrimEnd(TrailingPunctuation);
        if (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return LooksLikePath(path) ? path : null;
    }

    private static bool LooksLikePath(string path)
    {
        if (path.Length == 0 || path.Any(char.IsWhiteSpace) || NotPaths.Contains(path))
        {
            return false;
        }

        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!path.Any(char.IsLetter) || TaskIdList().IsMatch(path))
        {
            return false;
        }

        return path.Contains('/') || FileExtension().IsMatch(path);
    }

    // The extension must start with a lowercase letter, so "1.2", "v1.2.3" and "ASP.NET" don't qualify.
    [GeneratedRegex(@"^[^.]*[^./]\.[a-z][a-z0-9]{0,9}$|^\.[a-z][\w.-]*$|^[^/]+\.[a-z][a-z0-9]{0,9}\.[a-z][a-z0-9]{0,9}$")]
    private static partial Regex FileExtension();

    // "US1/US2" or "T001/T002" name stories and tasks, not directories.
    [GeneratedRegex(@"^(?:(?:US|T)\d+/?)+$", RegexOptions.IgnoreCase)]
    private static partial Regex TaskIdList();
}
