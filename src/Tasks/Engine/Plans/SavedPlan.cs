namespace Orchestrator.Plans;

/// <summary>
/// The plan as it was loaded, kept in state.json (<c>plan</c>) so a later invocation of the run (<c>--resume</c>,
/// <c>--only-phase</c>) works on the same plan even when the file changed or came from standard input.
/// </summary>
public sealed class SavedPlan
{
    public string SourcePath { get; set; } = "";

    public PlanFormat Format { get; set; }

    public List<PlanTask> Tasks { get; set; } = [];

    public static SavedPlan From(TaskPlan plan) => new()
    {
        SourcePath = plan.SourcePath,
        Format = plan.Format,
        Tasks = [.. plan.Tasks],
    };

    /// <summary>The plan again; validated once more (it is cheap) so a hand-edited state.json fails with a plan error.</summary>
    public TaskPlan ToPlan()
    {
        List<PlanTask> tasks = [.. Tasks];
        PlanValidator.Validate(SourcePath, tasks);
        return new TaskPlan(SourcePath, Format, tasks);
    }
}
