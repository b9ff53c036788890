using Orchestrator.Plans;

namespace Orchestrator.Quorum;

/// <summary>What the validators look at: the plan as it stands in this attempt, the repository's files and the spec documents.</summary>
public sealed class PlanReview
{
    public PlanReview(TaskPlan plan, IReadOnlySet<string> existingFiles, IReadOnlyList<SpecDocument> specs, int attempt)
    {
        Plan = plan;
        Graph = new TaskGraph(plan);
        ExistingFiles = existingFiles;
        Specs = specs;
        Attempt = attempt;
    }

    public TaskPlan Plan { get; }

    public TaskGraph Graph { get; }

    /// <summary>Files tracked at the base commit.</summary>
    public IReadOnlySet<string> ExistingFiles { get; }

    public IReadOnlyList<SpecDocument> Specs { get; }

    public int Attempt { get; }

    public IEnumerable<PlanTask> Unfinished => Plan.Tasks.Where(t => t.ToDo);

    /// <summary>Position in the plan as written: remedies serialise tasks in this order.</summary>
    public int PlanOrder(string id) => Plan.Tasks.ToList().FindIndex(t => t.Id == id);
}
