using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Orchestrator.Plans;

/// <summary>A plan file's tasks, and what was read past with a warning.</summary>
public sealed record ParsedPlan(IReadOnlyList<PlanTask> Tasks, IReadOnlyList<string> Warnings);

/// <summary>
/// Reads a <c>tasks.md</c> as people write it: phases from "## Phase N: Title" headings; tasks from checklist items
/// ("- [ ] T001 [P] [US1] Description", "- [x] 1. Write the tests") and from headings ("### T001: Title",
/// "### Task I-1.2: Title", "### [ROOT-001] Title [TODO]") with their bodies; the implicit ordering described in
/// <see cref="SpecKitOrdering"/>. A checkbox without an id is an acceptance criterion of the task it sits under, and is
/// otherwise ignored (counted in a warning); task-looking lines inside code blocks are ignored.
/// </summary>
public static class SpecKitPlanParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().Build();

    public static ParsedPlan Parse(string markdown, string sourceName)
    {
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var walker = new Walker(text, sourceName, SpecKitIds.For(text));
        walker.VisitContainer(Markdown.Parse(text, Pipeline));
        return new ParsedPlan(SpecKitOrdering.Link(walker.Sections), walker.Warnings());
    }

    private sealed class Walker(string text, string sourceName, SpecKitIds ids)
    {
        private readonly Dictionary<string, SpecKitDraft> _headingTasks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SpecKitDraft> _listTasks = new(StringComparer.Ordinal);
        private readonly List<int> _ignored = [];
        private readonly List<int> _placeholders = [];
        private (SpecKitDraft Task, int Level)? _openHeading;

        public List<SpecKitSection> Sections { get; } = [new SpecKitSection(null, null, false, null)];

        private SpecKitSection Current => Sections[^1];

        public IReadOnlyList<string> Warnings()
        {
            var warnings = new List<string>();
            if (_ignored.Count > 0)
            {
                warnings.Add($"{sourceName}: {_ignored.Count} checkbox line(s) without a task id and under no task are not tasks; " +
                    $"ignored (first at line {_ignored[0]})");
            }

            if (_placeholders.Count > 0)
            {
                warnings.Add($"{sourceName}: {_placeholders.Count} placeholder task line(s) (TXXX) skipped (first at line {_placeholders[0]})");
            }

            return warnings;
        }

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
                            VisitListItem(item, _openHeading?.Task);
                        }

                        break;
                    case CodeBlock or ThematicBreakBlock or HtmlBlock:
                        break;
                    case LeafBlock leaf when _openHeading is { Task: var owner }:
                        LinesOf(leaf).ForEach(line => owner.AddContinuation(line.Text));
                        break;
                    case ContainerBlock nested:
                        VisitContainer(nested);
                        break;
                }
            }
        }

        private void VisitHeading(HeadingBlock heading)
        {
            if (_openHeading is { Level: var open } && heading.Level <= open)
            {
                _openHeading = null;
            }

            var title = InlineText(heading.Inline).Trim();
            if (heading.Level >= 2 && SpecKitIds.HeadingTask(title) is { } task)
            {
                VisitHeadingTask(heading, task.Id, task.Title);
                return;
            }

            if (heading.Level >= 3)
            {
                Current.CloseGroup();
                return;
            }

            var phase = PhaseHeading.Match(title);
            var phaseTitle = phase.Success && phase.Groups["title"].Value.Trim() is { Length: > 0 } rest ? rest : title;
            int? number = phase.Success && int.TryParse(phase.Groups["number"].Value, out var n) ? n : null;
            var story = UserStory.Match(phaseTitle);
            var impliedStory = story.Success && story.Groups["number"].Success ? "US" + story.Groups["number"].Value : null;
            Sections.Add(new SpecKitSection(number, phaseTitle, story.Success, impliedStory));
        }

        /// <summary>A task written as a heading; when a checklist line already named its id, that line is its status.</summary>
        private void VisitHeadingTask(HeadingBlock heading, string id, string title)
        {
            var done = HeadingDone.IsMatch(title);
            var cleanTitle = SpecKitTaskLine.WithoutDeferredMark(HeadingDone.Replace(HeadingStatus.Replace(title, ""), "")).Trim();
            if (_listTasks.TryGetValue(id, out var listed) && !listed.HasStatusLine && !_headingTasks.ContainsKey(id))
            {
                _headingTasks[id] = listed;
                _openHeading = (listed, heading.Level);
                listed.AddContinuation(cleanTitle);
                return;
            }

            var line = new SpecKitTaskLine(id, false, null, SpecKitTaskLine.IsDeferredMark(title), cleanTitle.Length > 0 ? cleanTitle : id);
            var draft = new SpecKitDraft(line, heading.Line + 1, done);
            _headingTasks.TryAdd(id, draft);
            Current.CloseGroup();
            Current.Add(draft);
            _openHeading = (draft, heading.Level);
        }

        private void VisitListItem(ListItemBlock item, SpecKitDraft? owner)
        {
            var lines = item.FirstOrDefault() is ParagraphBlock first ? LinesOf(first) : [];
            var checkbox = lines.Count > 0 ? Checkbox.Match(lines[0].Text) : Match.Empty;
            if (!checkbox.Success)
            {
                if (owner is null)
                {
                    VisitContainer(item); // a plain bullet may still hold nested task items
                }
                else
                {
                    AddContinuationBlock(owner, item);
                }

                return;
            }

            var rest = checkbox.Groups["rest"].Value;
            var location = $"{sourceName}:{lines[0].Number}";
            var checkedBox = checkbox.Groups["mark"].Value != " ";
            if (SpecKitIds.IsPlaceholder(rest))
            {
                _placeholders.Add(lines[0].Number);
                return;
            }

            if (SpecKitTaskLine.Parse(rest, ids, location) is not { } parsed)
            {
                AddCriterion(owner, lines.Select(l => l.Text).Skip(1).Prepend(rest.Trim()), lines[0].Number);
                item.Skip(1).OfType<ListBlock>().SelectMany(l => l.OfType<ListItemBlock>()).ToList().ForEach(i => VisitListItem(i, owner));
                return;
            }

            if (_headingTasks.TryGetValue(parsed.Id, out var headed) && !headed.HasStatusLine && !_listTasks.ContainsKey(parsed.Id))
            {
                headed.TakeStatusFrom(parsed, checkedBox);
                _listTasks[parsed.Id] = headed;
                return;
            }

            var draft = new SpecKitDraft(parsed, lines[0].Number, checkedBox);
            _listTasks.TryAdd(draft.Id, draft);
            Current.Add(draft);
            lines.Skip(1).ToList().ForEach(continuation => draft.AddContinuation(continuation.Text));
            item.Skip(1).ToList().ForEach(child => AddContinuationBlock(draft, child));
        }

        private void AddCriterion(SpecKitDraft? owner, IEnumerable<string> lines, int lineNumber)
        {
            if (owner is null)
            {
                _ignored.Add(lineNumber);
                return;
            }

            owner.AddCriterion(string.Join(' ', lines.Where(l => l.Length > 0)));
        }

        private void AddContinuationBlock(SpecKitDraft draft, Block block)
        {
            switch (block)
            {
                case CodeBlock or ThematicBreakBlock or HtmlBlock:
                    break;
                case ListBlock list:
                    list.OfType<ListItemBlock>().ToList().ForEach(item => VisitListItem(item, draft));
                    break;
                case ListItemBlock item:
                    foreach (var child in item)
                    {
                        if (child is ParagraphBlock paragraph)
                        {
                            LinesOf(paragraph).ForEach(line => draft.AddContinuation(line.Text, listItem: true));
                        }
                        else
                        {
                            AddContinuationBlock(draft, child);
                        }
                    }

                    break;
                case LeafBlock leaf:
                    LinesOf(leaf).ForEach(line => draft.AddContinuation(line.Text));
                    break;
                case ContainerBlock container:
                    foreach (var child in container)
                    {
                        AddContinuationBlock(draft, child);
                    }

                    break;
            }
        }

        // Lines as a class, not a tuple: List and LINQ code over a value type is JIT-compiled at start-up.
        private List<TextLine> LinesOf(Block block)
        {
            var lines = new List<TextLine>();
            if (block.Span.IsEmpty)
            {
                return lines;
            }

            var raw = text.Substring(block.Span.Start, Math.Min(block.Span.Length, text.Length - block.Span.Start)).Split('\n');
            for (var index = 0; index < raw.Length; index++)
            {
                lines.Add(new TextLine(HtmlComment.Replace(raw[index], "").Trim(), block.Line + 1 + index));
            }

            return lines;
        }
    }

    private sealed record TextLine(string Text, int Number);

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

    // Interpreted, as SpecKitIds explains: start-up time.
    private static readonly Regex Checkbox = new(@"^\[(?<mark>[ xX])\]\s+(?<rest>.*)$");

    // "Phase N: Polish" is how the template writes a final phase whose number is not yet known.
    private static readonly Regex PhaseHeading = new(@"^Phase\s+(?<number>\d+|[A-Z])\b\s*[:.\-–—]?\s*(?<title>.*)$", RegexOptions.IgnoreCase);

    private static readonly Regex UserStory = new(@"\bUser\s+Story(?:\s*(?:[A-Z]+-)*(?:US-?)?(?<number>\d+))?", RegexOptions.IgnoreCase);

    private static readonly Regex HeadingDone = new(@"\s*(?:\[(?:DONE|X)\]|✅)", RegexOptions.IgnoreCase);

    private static readonly Regex HeadingStatus = new(@"\s*\[(?:TODO|IN[ _-]?PROGRESS|WIP)\]", RegexOptions.IgnoreCase);

    private static readonly Regex HtmlComment = new(@"<!--.*?-->");
}
