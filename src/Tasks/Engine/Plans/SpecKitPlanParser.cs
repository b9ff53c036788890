using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Orchestrator.Plans;

/// <summary>
/// Reads a GitHub spec-kit <c>tasks.md</c> as written: phases from "## Phase N: Title" headings,
/// tasks from "- [ ] T001 [P] [US1] Description" items, and the implicit ordering described in
/// <see cref="SpecKitOrdering"/>. Task-looking lines inside code blocks are ignored.
/// </summary>
public static partial class SpecKitPlanParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static IReadOnlyList<PlanTask> Parse(string markdown, string sourceName)
    {
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var walker = new Walker(text, sourceName);
        walker.VisitContainer(Markdown.Parse(text, Pipeline));
        return SpecKitOrdering.Link(walker.Sections);
    }

    private sealed class Walker(string text, string sourceName)
    {
        private readonly Dictionary<string, SpecKitDraft> _byId = new(StringComparer.Ordinal);

        public List<SpecKitSection> Sections { get; } = [new SpecKitSection(null, null, false, null)];

        private SpecKitSection Current => Sections[^1];

        public void VisitContainer(ContainerBlock container)
        {
            foreach (var block in container)
            {
                switch (block)
                {
                    case HeadingBlock heading:
                        VisitHeading(heading);
                        break;
                    case ListBlock list:
                        foreach (var item in list.OfType<ListItemBlock>())
                        {
                            VisitListItem(item);
                        }

                        break;
                    case ContainerBlock nested:
                        VisitContainer(nested);
                        break;
                }
            }
        }

        private void VisitHeading(HeadingBlock heading)
        {
            if (heading.Level >= 3)
            {
                Current.CloseGroup();
                return;
            }

            var title = InlineText(heading.Inline).Trim();
            var phase = PhaseHeading().Match(title);
            var phaseTitle = phase.Success && phase.Groups["title"].Value.Trim() is { Length: > 0 } rest ? rest : title;
            int? number = phase.Success && int.TryParse(phase.Groups["number"].Value, out var n) ? n : null;
            var story = UserStory().Match(phaseTitle);
            var impliedStory = story.Success && story.Groups["number"].Success ? "US" + story.Groups["number"].Value : null;
            Sections.Add(new SpecKitSection(number, phaseTitle, story.Success, impliedStory));
        }

        private void VisitListItem(ListItemBlock item)
        {
            var lines = item.FirstOrDefault() is ParagraphBlock first ? LinesOf(first) : [];
            var checkbox = lines.Count > 0 ? Checkbox().Match(lines[0].Text) : Match.Empty;
            if (!checkbox.Success)
            {
                VisitContainer(item); // a plain bullet may still hold nested task items
                return;
            }

            var location = $"{sourceName}:{lines[0].Number}";
            var parsed = SpecKitTaskLine.Parse(checkbox.Groups["rest"].Value, location);
            if (_byId.TryGetValue(parsed.Id, out var earlier))
            {
                throw new InputException($"{location}: duplicate task id {parsed.Id} (first at line {earlier.Line})");
            }

            var draft = new SpecKitDraft(parsed, lines[0].Number, checkbox.Groups["mark"].Value != " ");
            _byId.Add(draft.Id, draft);
            Current.Add(draft);
            foreach (var continuation in lines.Skip(1))
            {
                draft.AddContinuation(continuation.Text);
            }

            foreach (var child in item.Skip(1))
            {
                AddContinuationBlock(draft, child);
            }
        }

        private void AddContinuationBlock(SpecKitDraft draft, Block block)
        {
            switch (block)
            {
                case FencedCodeBlock:
                    break;
                case ListBlock list:
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        if (item.FirstOrDefault() is ParagraphBlock p && LinesOf(p) is [var first, ..] && Checkbox().IsMatch(first.Text))
                        {
                            VisitListItem(item);
                        }
                        else
                        {
                            foreach (var child in item)
                            {
                                AddContinuationBlock(draft, child);
                            }
                        }
                    }

                    break;
                case LeafBlock leaf:
                    foreach (var line in LinesOf(leaf))
                    {
                        draft.AddContinuation(line.Text);
                    }

                    break;
                case ContainerBlock container:
                    foreach (var child in container)
                    {
                        AddContinuationBlock(draft, child);
                    }

                    break;
            }
        }

        private List<(string Text, int Number)> LinesOf(Block block)
        {
            if (block.Span.IsEmpty)
            {
                return [];
            }

            var raw = text.Substring(block.Span.Start, Math.Min(block.Span.Length, text.Length - block.Span.Start));
            return raw.Split('\n').Select((line, index) => (line.Trim(), block.Line + 1 + index)).ToList();
        }
    }

    private static string InlineText(ContainerInline? container)
    {
        var builder = new StringBuilder();
        foreach (var inline in container ?? Enumerable.Empty<Inline>())
        {
            builder.Append(inline switch
            {
                LiteralInline literal => literal.Content.ToString(),
                CodeInline code => code.Content,
                ContainerInline nested => InlineText(nested),
                LineBreakInline => " ",
                _ => string.Empty,
            });
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\[(?<mark>[ xX])\]\s+(?<rest>.*)$")]
    private static partial Regex Checkbox();

    // "Phase N: Polish" is how the template writes a final phase whose number is not yet known.
    [GeneratedRegex(@"^Phase\s+(?<number>\d+|[A-Z])\b\s*[:.\-–—]?\s*(?<title>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PhaseHeading();

    [GeneratedRegex(@"\bUser\s+Story(?:\s*(?<number>\d+))?", RegexOptions.IgnoreCase)]
    private static partial Regex UserStory();
}
