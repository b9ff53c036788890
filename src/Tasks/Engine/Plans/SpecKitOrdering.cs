namespace Orchestrator.Plans;

/// <summary>
/// Implicit spec-kit ordering. Within a section each group depends on the group before it. A
/// "User Story" section depends on the nearest earlier non-story section; any other section
/// depends on all earlier sections, expressed through their last groups only (same closure, fewer edges).
/// Deferred tasks take no part: nothing waits for them implicitly, and they wait for nothing.
/// </summary>
internal static class SpecKitOrdering
{
    // Loops over indexes rather than LINQ over (section, groups) tuples and ranges of ints, and a sort on packed longs:
    // generic code over a value type is JIT-compiled at start-up (bench/startup.sh).
    public static IReadOnlyList<PlanTask> Link(IEnumerable<SpecKitSection> allSections)
    {
        var all = allSections.Where(s => s.Groups.Count > 0).ToList();
        var sections = new List<SpecKitSection>();
        var liveGroups = new List<List<List<SpecKitDraft>>>();
        foreach (var section in all)
        {
            var live = section.Groups.Select(g => g.Where(t => !t.Deferred).ToList()).Where(g => g.Count > 0).ToList();
            if (live.Count > 0)
            {
                sections.Add(section);
                liveGroups.Add(live);
            }
        }

        for (var index = 0; index < sections.Count; index++)
        {
            var waitedFor = new List<SpecKitDraft>();
            foreach (var predecessor in PredecessorSections(sections, index))
            {
                waitedFor.AddRange(liveGroups[predecessor][^1]);
            }

            IReadOnlyList<SpecKitDraft> previous = waitedFor;
            foreach (var group in liveGroups[index])
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

        var tasks = new List<PlanTask>();
        foreach (var section in all)
        {
            foreach (var group in section.Groups)
            {
                tasks.AddRange(group.Select(draft => draft.ToTask(section)));
            }
        }

        return InFileOrder(tasks);
    }

    /// <summary>Indexes of the sections whose last groups the section at <paramref name="index"/> waits for.</summary>
    private static List<int> PredecessorSections(List<SpecKitSection> sections, int index)
    {
        var lastNonStory = index == 0 ? -1 : sections.FindLastIndex(index - 1, index, s => !s.IsUserStory);
        var predecessors = new List<int>();
        if (!sections[index].IsUserStory)
        {
            // Story sections after the last non-story one already depend on it, so they cover it.
            for (var story = lastNonStory + 1; story < index; story++)
            {
                predecessors.Add(story);
            }
        }

        if (predecessors.Count == 0 && lastNonStory >= 0)
        {
            predecessors.Add(lastNonStory);
        }

        return predecessors;
    }

    /// <summary>
    /// Nested task items are read after their parent's continuation lines: file order restored, a stable sort (line
    /// in the high half of each key, position in the low half).
    /// </summary>
    private static List<PlanTask> InFileOrder(List<PlanTask> tasks)
    {
        var keys = new long[tasks.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = ((long)(tasks[i].Line ?? int.MinValue) << 32) | (uint)i;
        }

        Array.Sort(keys);
        var ordered = new List<PlanTask>(keys.Length);
        foreach (var key in keys)
        {
            ordered.Add(tasks[(int)(uint)key]);
        }

        return ordered;
    }
}
