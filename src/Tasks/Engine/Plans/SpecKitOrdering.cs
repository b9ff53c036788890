namespace Orchestrator.Plans;

/// <summary>
/// Implicit spec-kit ordering. Within a section each group depends on the group before it. A
/// "User Story" section depends on the nearest earlier non-story section; any other section
/// depends on all earlier sections, expressed through their last groups only (same closure, fewer edges).
/// </summary>
internal static class SpecKitOrdering
{
    public static IReadOnlyList<PlanTask> Link(IEnumerable<SpecKitSection> allSections)
    {
        var sections = allSections.Where(s => s.Groups.Count > 0).ToList();
        var tasks = new List<PlanTask>();
        for (var index = 0; index < sections.Count; index++)
        {
            IReadOnlyList<SpecKitDraft> previous = PredecessorSections(sections, index)
                .SelectMany(s => s.Groups[^1])
                .ToList();
            foreach (var group in sections[index].Groups)
            {
                foreach (var task in group)
                {
                    foreach (var predecessor in previous)
                    {
                        task.AddDependency(predecessor.Id);
                    }
                }

                previous = group;
            }

            tasks.AddRange(sections[index].Groups.SelectMany(g => g).Select(d => d.ToTask(sections[index])));
        }

        // Nested task items are read after their parent's continuation lines; restore file order.
        return tasks.OrderBy(t => t.Line).ToList();
    }

    private static IEnumerable<SpecKitSection> PredecessorSections(List<SpecKitSection> sections, int index)
    {
        var lastNonStory = index == 0 ? -1 : sections.FindLastIndex(index - 1, index, s => !s.IsUserStory);
        if (sections[index].IsUserStory)
        {
            return lastNonStory < 0 ? [] : [sections[lastNonStory]];
        }

        // Story sections after the last non-story one already depend on it, so they cover it.
        var storiesSince = sections.Skip(lastNonStory + 1).Take(index - lastNonStory - 1).ToList();
        return storiesSince.Count > 0 ? storiesSince : lastNonStory < 0 ? [] : [sections[lastNonStory]];
    }
}
