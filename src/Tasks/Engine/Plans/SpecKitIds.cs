using System.Text.RegularExpressions;

namespace Orchestrator.Plans;

/// <summary>
/// Which words of a tasks.md are task ids. Always: <c>T001</c>, <c>T014a</c>, <c>T-7</c>, <c>TASK-7</c>, and a prefix
/// with a dash and two or more digits or a dotted number (<c>ROOT-001</c>, <c>I-1.2</c>). A short form such as
/// <c>V1</c>, <c>R2</c> or <c>AUTH-3</c> is an id when written <c>V1:</c>, <c>V1.</c>, <c>[V1]</c> or <c>**V1**</c>, or
/// when another task line of the file uses the same prefix with another number ("UTF-8 encoding" stays prose). A
/// numbered item (<c>1. Write the tests</c>) has its number as its id.
/// </summary>
internal sealed class SpecKitIds
{
    private const string StrongId = @"T\d+[a-z]?|(?:T|TASK)-\d+[a-z]?|[A-Z][A-Z0-9]{0,9}-(?:\d{2,}|\d+(?:\.\d+)+)[a-z]?";

    // A short id such as V1, R2 or AUTH-3: an id only where its position or its family says so.
    private const string ShortId = @"(?<prefix>[A-Z]{1,10})-?\d+[a-z]?";

    // In prose ("depends on t004") a spec-kit id may be lower case; other forms must be written as ids are.
    private const string ReferencedId = @"[Tt]\d+[a-z]?|" + StrongId;

    private readonly HashSet<string> _families;

    private SpecKitIds(HashSet<string> families) => _families = families;

    /// <summary>Reads the file once for the short-form prefixes that number two or more distinct task lines.</summary>
    public static SpecKitIds For(string markdown)
    {
        // Loops rather than LINQ over (prefix, id) tuples: generic code over a struct is JIT-compiled at start-up.
        var numbers = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (Match line in ShortIdLine.Matches(markdown))
        {
            var prefix = line.Groups["prefix"].Value;
            if (!numbers.TryGetValue(prefix, out var ids))
            {
                numbers[prefix] = ids = new HashSet<string>(StringComparer.Ordinal);
            }

            ids.Add(line.Groups["id"].Value);
        }

        var families = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (prefix, ids) in numbers)
        {
            if (ids.Count > 1)
            {
                families.Add(prefix);
            }
        }

        return new SpecKitIds(families);
    }

    /// <summary>The id a task line starts with and the text after it; null when it has none.</summary>
    public (string Id, string After)? LeadingId(string text)
    {
        if (Lead.Match(text) is { Success: true } lead && IsId(lead.Groups["id"].Value, lead.Groups["punct"].Length > 0 || lead.Groups["open"].Length > 0))
        {
            return (lead.Groups["id"].Value, text[lead.Length..]);
        }

        return Numbered.Match(text) is { Success: true } numbered ? (numbered.Groups["id"].Value, text[numbered.Length..]) : null;
    }

    /// <summary>The template's placeholder task lines: <c>TXXX</c>, <c>T###</c>, <c>TNNN</c>.</summary>
    public static bool IsPlaceholder(string text) => Placeholder.IsMatch(text.TrimStart());

    /// <summary>A heading that is a task: <c>T001: Title</c>, <c>Task I-1.2: Title</c>, <c>[ROOT-001] Title [TODO]</c>.</summary>
    public static (string Id, string Title)? HeadingTask(string heading) =>
        Heading.Match(heading) is { Success: true } m ? (m.Groups["id"].Value, m.Groups["title"].Value.Trim()) : null;

    /// <summary>
    /// Ids named by "depends on T1, T2 and T3", "after T1", "requires T1", "blocked by T1", and the
    /// <c>**Depends**:</c> / <c>**Dependencies**:</c> lines of heading tasks ("Task I-1.2" too); case-insensitive.
    /// </summary>
    public static IEnumerable<string> ExplicitDependencies(string text)
    {
        foreach (Match clause in DependencyClause.Matches(text.Replace("*", "", StringComparison.Ordinal)))
        {
            foreach (Match id in IdToken.Matches(clause.Groups["ids"].Value))
            {
                yield return id.Value[0] == 't' ? "T" + id.Value[1..] : id.Value;
            }
        }
    }

    private bool IsId(string id, bool strongPosition) =>
        StrongShape.IsMatch(id)
        || ShortShape.Match(id) is { Success: true } shortId && (strongPosition || _families.Contains(shortId.Groups["prefix"].Value));

    // Interpreted, not source-generated, as every pattern of the spec-kit parser: each generated expression's first use
    // loads its own types and search helpers, several JIT-compiled (14 ms for the first one alone), where the
    // interpreter's code is precompiled in the framework (5 ms for the first, less for each next); a tasks.md
    // is small, so matching speed does not count (bench/startup.sh, README "Start-up").
    private static readonly Regex Lead = new(@"^(?:\*\*|__)?(?<open>\[)?(?<id>[A-Z][A-Z0-9]{0,9}-?\d+(?:\.\d+)*[a-z]?)\]?(?:\*\*|__)?(?=[\s:.)\]]|$)(?<punct>[:.)])?(?:\*\*|__)?\s*");

    private static readonly Regex StrongShape = new("^(?:" + StrongId + ")$");

    private static readonly Regex ShortShape = new("^" + ShortId + "$");

    private static readonly Regex ShortIdLine = new(@"^[ \t]*(?:>\s*)?[-*+][ \t]+\[[ xX]\][ \t]+(?:\*\*|__)?\[?(?<id>" + ShortId + @")\b", RegexOptions.Multiline);

    private static readonly Regex Numbered = new(@"^(?:\*\*)?(?<id>\d+(?:\.\d+)*)[.:)](?:\*\*)?\s+");

    private static readonly Regex Placeholder = new(@"^(?:\*\*)?T(?:X{2,}|###|\[?N+\]?)\b");

    private static readonly Regex Heading = new(@"^(?:Task\s+)?\[?(?<id>" + StrongId + @")\]?\s*[:\-–]?\s+(?<title>\S.*)$");

    private static readonly Regex DependencyClause = new(
        @"\b(?i:depends\s+on|depends|dependenc(?:y|ies)|after|requires|blocked[\s-]by)\s*:?\s*(?<ids>(?i:task\s+)?(?:" + ReferencedId +
        @")(?:\s*(?:,|&|\b(?i:and)\b)\s*(?i:and\s+)?(?i:task\s+)?(?:" + ReferencedId + "))*)");

    private static readonly Regex IdToken = new("(?<![A-Za-z0-9-])(?:" + ReferencedId + ")(?![A-Za-z0-9])");
}
