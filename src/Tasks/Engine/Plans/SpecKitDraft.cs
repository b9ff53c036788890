using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Plans;

/// <summary>A task while its tasks.md item (or heading and body) is still being read.</summary>
internal sealed class SpecKitDraft(SpecKitTaskLine line, int lineNumber, bool done)
{
    private readonly StringBuilder _description = new(line.Description);
    private readonly StringBuilder _acceptance = new();

    // After an "Acceptance criteria:" line with nothing after it, the list items that follow are the criteria.
    private bool _acceptanceListOpen;

    public string Id => line.Id;

    public int Line => lineNumber;

    public bool Parallel => line.Parallel;

    public bool Done { get; private set; } = done;

    public bool Deferred { get; private set; } = line.Deferred;

    /// <summary>Whether a status-list line (<c>- [x] I-1.2: …</c>) has already been taken as this heading task's status.</summary>
    public bool HasStatusLine { get; private set; }

    public List<string> DependsOn { get; } = [];

    /// <summary>A checklist line naming this heading task: it gives the task's status.</summary>
    public void TakeStatusFrom(SpecKitTaskLine statusLine, bool checkedBox)
    {
        HasStatusLine = true;
        Done = checkedBox;
        Deferred |= statusLine.Deferred;
    }

    /// <summary>A line of the task's text; <paramref name="listItem"/> when it is (part of) a plain bullet.</summary>
    public void AddContinuation(string text, bool listItem = false)
    {
        if (text.Length == 0)
        {
            return;
        }

        var acceptance = AcceptanceLine.Match(text);
        if (acceptance.Success)
        {
            var criterion = acceptance.Groups["text"].Value.Trim();
            _acceptanceListOpen = criterion.Length == 0;
            Append(_acceptance, criterion);
            return;
        }

        if (listItem && _acceptanceListOpen)
        {
            Append(_acceptance, "- " + text);
            return;
        }

        _acceptanceListOpen &= listItem;
        Append(_description, text);
    }

    /// <summary>A checkbox without an id under the task: one of its acceptance criteria.</summary>
    public void AddCriterion(string text) => Append(_acceptance, "- " + text);

    public PlanTask ToTask(SpecKitSection section)
    {
        var description = _description.ToString();
        var acceptance = _acceptance.Length == 0 ? null : _acceptance.ToString();
        var allText = description + "\n" + acceptance;
        foreach (var explicitDependency in SpecKitIds.ExplicitDependencies(allText).Where(d => d != Id))
        {
            AddDependency(explicitDependency);
        }

        return new PlanTask
        {
            Id = Id,
            Description = description,
            Acceptance = acceptance,
            Phase = section.Phase,
            PhaseTitle = section.Title,
            Story = line.Story ?? section.ImpliedStory,
            Parallel = Parallel,
            Done = Done,
            Deferred = Deferred && !Done,
            Line = Line,
            Files = FileScopeExtractor.Extract(allText).Distinct(StringComparer.Ordinal).ToList(),
            DependsOn = [.. DependsOn],
        };
    }

    public void AddDependency(string id)
    {
        if (!DependsOn.Contains(id, StringComparer.Ordinal))
        {
            DependsOn.Add(id);
        }
    }

    private static void Append(StringBuilder target, string text)
    {
        if (text.Length > 0)
        {
            target.Append(target.Length == 0 ? string.Empty : "\n").Append(text);
        }
    }

    // Interpreted, as SpecKitIds explains: start-up time.
    private static readonly Regex AcceptanceLine = new(@"^\**\s*(?:done\s+when|acceptance(?:\s+criteria)?)\s*\**\s*:\s*\**\s*(?<text>.*)$", RegexOptions.IgnoreCase);
}
