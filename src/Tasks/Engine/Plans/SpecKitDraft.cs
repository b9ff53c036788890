using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Plans;

/// <summary>A task while its tasks.md item is still being read.</summary>
internal sealed partial class SpecKitDraft(SpecKitTaskLine line, int lineNumber, bool done)
{
    private readonly StringBuilder _description = new(line.Description);
    private readonly StringBuilder _acceptance = new();

    public string Id => line.Id;

    public int Line => lineNumber;

    public bool Parallel => line.Parallel;

    public List<string> DependsOn { get; } = [];

    public void AddContinuation(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var acceptance = AcceptanceLine().Match(text);
        var target = acceptance.Success ? _acceptance : _description;
        target.Append(target.Length == 0 ? string.Empty : "\n").Append(acceptance.Success ? acceptance.Groups["text"].Value : text);
    }

    public PlanTask ToTask(SpecKitSection section)
    {
        var description = _description.ToString();
        var acceptance = _acceptance.Length == 0 ? null : _acceptance.ToString();
        var allText = description + "\n" + acceptance;
        foreach (var explicitDependency in SpecKitTaskLine.ExplicitDependencies(allText))
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
            Done = done,
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

    [GeneratedRegex(@"^\**\s*(?:done\s+when|acceptance(?:\s+criteria)?)\s*\**\s*:\s*\**\s*(?<text>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AcceptanceLine();
}
