namespace Orchestrator.Plans;

/// <summary>A "##" section of tasks.md; usually a "Phase N" heading.</summary>
internal sealed class SpecKitSection(int? phase, string? title, bool isUserStory, string? impliedStory)
{
    private bool _groupOpen;

    public int? Phase => phase;

    public string? Title => title;

    public bool IsUserStory => isUserStory;

    public string? ImpliedStory => impliedStory;

    /// <summary>Consecutive [P] tasks share a group; every other task is a group of its own.</summary>
    public List<List<SpecKitDraft>> Groups { get; } = [];

    public void Add(SpecKitDraft task)
    {
        if (task.Parallel && _groupOpen)
        {
            Groups[^1].Add(task);
            return;
        }

        Groups.Add([task]);
        _groupOpen = task.Parallel;
    }

    public void CloseGroup() => _groupOpen = false;
}
