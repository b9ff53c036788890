namespace Orchestrator.Plans;

/// <summary>
/// Implicit spec-kit ordering. Within a section each group depends on the group before it. A
/// "User Story" section depends on the nearest earlier non-story section; any other section
/// depends on all earlier sections, expressed through their last groups only (same closure, fewer edges).
/// Deferred tasks take no part: nothing waits for them implicitly, and they wait for nothing.
/// </summary>
internal static class SpecKitOrdering
{
    public static IReadOnlyList<PlanTask> Link(IEnumerable<SpecKitSection> allSections)
    {
        var all = allSections.Where(s => s.Groups.Count > 0).ToList();
        var live = all.Select(s => s.Groups.Select(g => g.Where(t => !t.Deferred).ToList()).Where(g => g.Count > 0).ToList()).ToList();
        var sections = Enumerable.Range(0, all.Count).Where(i => live[i].Count > 0).Select(i => (Section: all[i], Groups: live[i])).ToList();
        var sectionList = sections.ConvertAll(s => s.Section);
        for (var index = 0; index < sections.Count; index++)
        {
            IReadOnlyList<SpecKitDraft> previous = PredecessorSections(sectionList, index)
                .SelectMany(i => sections[i].Groups[^1])
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
        }

        // Nested task items are read after their parent's continuation lines; restore file order.
        return all.SelectMany(s => s.Groups.SelectMany(g => g).Select(d => d.ToTask(s))).OrderBy(t => t.Line).ToList();
    }

    /// <summary>Indexes of the sections whose last groups the section at <paramref name="index"/> waits for.</summary>
    private static IEnumerable<int> PredecessorSections(List<SpecKitSection> sections, int index)
    {
        var lastNonStory = index == 0 ? -1 : sections.FindLastIndex(index - 1, index, s => !s.IsUserStory);
        if (sections[index].IsUserStory)
        {
            return lastNonStory < 0 ? [] : [lastNonStory];
        }

        // Story sections after the last non-story one already depend on it, so they cover it.
        var storiesSince = Enumerable.Range(lastNonStory + 1, index - lastNonStory - 1).ToList();
        return storiesSince.Count > 0 ? storiesSince : lastNonStory < 0 ? [] : [lastNonStory];
    }
}
