using System.Text.RegularExpressions;

namespace Orchestrator.Plans;

/// <summary>
/// The text of one task item after its checkbox: <c>T012 [P] [US1] Description</c>, <c>1. Write the tests</c>,
/// <c>I-1.2: Title</c>. Only what a task line says; whether a word is an id at all is <see cref="SpecKitIds"/>'s call.
/// </summary>
internal sealed record SpecKitTaskLine(string Id, bool Parallel, string? Story, bool Deferred, string Description)
{
    /// <summary>The task, or null when the line carries no id (an acceptance criterion, a checklist item).</summary>
    public static SpecKitTaskLine? Parse(string textAfterCheckbox, SpecKitIds ids, string location)
    {
        var text = textAfterCheckbox.Trim();
        var struck = text.StartsWith("~~", StringComparison.Ordinal);
        if (ids.LeadingId(struck ? text[2..] : text) is not { } lead)
        {
            return null;
        }

        var rest = lead.After;
        var parallel = false;
        string? story = null;
        var deferred = struck;
        for (var label = LeadingLabel.Match(rest); label.Success; label = LeadingLabel.Match(rest))
        {
            var value = label.Groups["label"].Value;
            if (value.Equals("P", StringComparison.OrdinalIgnoreCase))
            {
                parallel = true;
            }
            else if (StoryOf(value) is { } labelled)
            {
                story = labelled;
            }
            else if (DeferredMark.IsMatch(label.Value))
            {
                deferred = true;
            }
            else
            {
                break; // a bracketed word that belongs to the description, e.g. "[Entity] model"
            }

            rest = rest[label.Length..];
        }

        rest = rest.TrimStart();
        deferred |= rest.StartsWith("~~", StringComparison.Ordinal) || IsDeferredMark(rest);
        var description = WithoutDeferredMark(rest);
        if (description.Replace("~", "", StringComparison.Ordinal).Trim().Length == 0)
        {
            throw new InputException($"{location}: task {lead.Id} has no description");
        }

        return new SpecKitTaskLine(lead.Id, parallel, story, deferred, description);
    }

    /// <summary>The story a label names: <c>US1</c>, and <c>AUTH-US1</c> or <c>TASK-US2</c> (any prefix) as <c>US1</c>/<c>US2</c>.</summary>
    public static string? StoryOf(string label) =>
        StoryLabel.Match(label) is { Success: true } story ? "US" + story.Groups["number"].Value : null;

    /// <summary><c>[DEFERRED]</c>, <c>[SKIP]</c>, <c>[WONTFIX]</c> anywhere in a title or line.</summary>
    public static bool IsDeferredMark(string text) => DeferredMark.IsMatch(text);

    public static string WithoutDeferredMark(string text) => DeferredMark.Replace(text, string.Empty).Trim();

    // Interpreted, as SpecKitIds explains: start-up time.
    private static readonly Regex LeadingLabel = new(@"^\s*\[(?<label>[^\]\s]+(?:\s[^\]\s]+)?)\]");

    private static readonly Regex StoryLabel = new(@"^(?:[A-Z][A-Z0-9]*-)*US-?(?<number>\d+)$", RegexOptions.IgnoreCase);

    private static readonly Regex DeferredMark = new(@"\[(?:DEFERRED|SKIP|SKIPPED|WONTFIX|WON'T\s?FIX)\]", RegexOptions.IgnoreCase);
}
