namespace Orchestrator.Quorum;

/// <summary>
/// Structure beyond what plan loading rejects: an empty plan or description, a done task waiting on an unfinished one,
/// a dependency on a task of a later phase. The plan cannot run as written, so its FAIL is blocking.
/// </summary>
public sealed class StructureValidator : IPlanValidator
{
    public string Name => "structure";

    public Task<Vote> ValidateAsync(PlanReview review, CancellationToken cancellation)
    {
        var plan = review.Plan;
        var problems = new List<string>();
        if (plan.Tasks.Count == 0)
        {
            problems.Add("the plan has no tasks");
        }

        problems.AddRange(plan.Tasks.Where(t => string.IsNullOrWhiteSpace(t.Description)).Select(t => $"{t.Id} has no description"));
        problems.AddRange(plan.Tasks.Where(t => t.Done)
            .SelectMany(t => t.DependsOn.Where(d => !plan[d].Done).Select(d => $"{t.Id} is marked done but depends on unfinished {d}")));
        problems.AddRange(plan.Tasks
            .SelectMany(t => t.DependsOn.Select(d => (Task: t, Dependency: plan[d])))
            .Where(x => x.Task.Phase is { } phase && x.Dependency.Phase is { } later && later > phase)
            .Select(x => $"{x.Task.Id} (phase {x.Task.Phase}) depends on {x.Dependency.Id} of the later phase {x.Dependency.Phase}"));
        return Task.FromResult(problems.Count == 0
            ? new Vote(Name, Verdict.Pass, 0.95, [])
            : new Vote(Name, Verdict.Fail, 0.95, problems) { Blocking = true });
    }
}
