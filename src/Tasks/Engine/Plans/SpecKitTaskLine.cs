using System.Text.RegularExpressions;

namespace Orchestrator.Plans;

/// <summary>
/// The text of one spec-kit task item after its checkbox: <c>T012 [P] [US1] Description</c>.
/// </summary>
internal sealed partial record SpecKitTaskLine(string Id, bool Parallel, string? Story, string Description)
{
    public static SpecKitTaskLine Parse(string textAfterCheckbox, string location)
    {
        var idMatch = LeadingId().Match(textAfterCheckbox);
        if (!idMatch.Success)
        {
            throw new InputException(
                $"{location}: task line has no task id: \"{textAfterCheckbox.Trim()}\" (expected e.g. \"- [ ] T001 Description\")");
        }

        var id = idMatch.Groups["id"].Value;
        var rest = textAfterCheckbox[idMatch.Length..];
        var parallel = false;
        string? story = null;
        for (var label = LeadingLabel().Match(rest); label.Success; label = LeadingLabel().Match(rest))
        {
            var value = label.Groups["label"].Value;
            if (value.Equals("P", StringComparison.OrdinalIgnoreCase))
            {
                parallel = true;
            }
            else if (StoryLabel().IsMatch(value))
            {
                story = value.ToUpperInvariant();
            }
            else
            {
                break; // a bracketed word that belongs to the description, e.g. "[Entity] model"
            }

            rest = rest[label.Length..];
        }

        var description = rest.Trim();
        if (description.Length == 0)
        {
            throw new InputException($"{location}: task {id} has no description");
        }

        return new SpecKitTaskLine(id, parallel, story, description);
    }

    /// <summary>Ids named by "depends on T1, T2 and T3" / "after T1" clauses, case-insensitive.</summary>
    public static IEnumerable<string> ExplicitDependencies(string text)
    {
        foreach (Match clause in DependencyClause().Matches(text))
        {
            foreach (Match id in TaskIdToken().Matches(clause.Groups["ids"].Value))
            {
                yield return id.Value.ToUpperInvariant();
            }
        }
    }

    [GeneratedRegex(@"^\s*(?<id>T\d+)\b")]
    private static partial Regex LeadingId();

    [GeneratedRegex(@"^\s*\[(?<label>[^\]\s]+)\]")]
    private static partial Regex LeadingLabel();

    [GeneratedRegex(@"^US\d+$", RegexOptions.IgnoreCase)]
    private static partial Regex StoryLabel();

    [GeneratedRegex(
        @"\b(?:depends\s+on|after)\s*:?\s*(?<ids>T\d+(?:\s*(?:,|&|\band\b)\s*(?:and\s+)?T\d+)*)",
        RegexOptions.IgnoreCase)]
    private static partial Regex DependencyClause();

    [GeneratedRegex(@"T\d+", RegexOptions.IgnoreCase)]
    private static partial Regex TaskIdToken();
}
