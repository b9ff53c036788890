namespace Orchestrator.Quorum;

/// <summary>
/// Tasks that may run at the same time and touch the same file will conflict at merge. Remedy: the later one in plan
/// order waits for the earlier.
/// </summary>
public sealed class RaceValidator : IPlanValidator
{
    public string Name => "races";

    public Task<Vote> ValidateAsync(PlanReview review, CancellationToken cancellation)
    {
        var problems = new List<string>();
        var remedies = new List<Remedy>();
        foreach (var group in PlanReview.ByFile(review.Unfinished, _ => true))
        {
            var tasks = group.Tasks.ConvertAll(t => t.Id); // in plan order already
            for (var i = 0; i < tasks.Count; i++)
            {
                for (var j = i + 1; j < tasks.Count; j++)
                {
                    if (review.Graph.MayRunConcurrently(tasks[i], tasks[j]))
                    {
                        problems.Add($"{tasks[i]} and {tasks[j]} may run at the same time and both touch {group.File}");
                        remedies.Add(new Remedy(tasks[j], tasks[i], $"both touch {group.File}"));
                    }
                }
            }
        }

        return Task.FromResult(problems.Count == 0
            ? new Vote(Name, Verdict.Pass, 0.9, [])
            : new Vote(Name, Verdict.Retry, 0.85, problems) { Remedies = remedies });
    }
}
