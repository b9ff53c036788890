namespace Orchestrator.Quorum;

/// <summary>
/// Referenced files that neither exist at the base nor are created by an earlier task. A missing file is taken to be
/// created by the first task in plan order that names it; every other task naming it must wait for that one.
/// </summary>
public sealed class ScopeValidator : IPlanValidator
{
    public string Name => "scope";

    public Task<Vote> ValidateAsync(PlanReview review, CancellationToken cancellation)
    {
        var problems = new List<string>();
        var remedies = new List<Remedy>();
        foreach (var group in PlanReview.ByFile(review.Plan.Tasks, f => !review.ExistingFiles.Contains(f)))
        {
            var tasks = group.Tasks;
            var creator = tasks[0];
            if (creator.Done)
            {
                problems.Add($"{creator.Id} is marked done but {group.File} does not exist");
                continue;
            }

            foreach (var reader in tasks.Skip(1).Where(t => !t.Done && !review.Graph.TransitiveDependents(creator.Id).Contains(t.Id)))
            {
                problems.Add($"{reader.Id} refers to {group.File}, which does not exist yet and is created by {creator.Id}, which {reader.Id} does not wait for");
                if (review.Graph.MayRunConcurrently(reader.Id, creator.Id))
                {
                    remedies.Add(new Remedy(reader.Id, creator.Id, $"{creator.Id} creates {group.File}"));
                }
            }
        }

        return Task.FromResult(problems.Count == 0
            ? new Vote(Name, Verdict.Pass, 0.85, [])
            : new Vote(Name, Verdict.Retry, 0.7, problems) { Remedies = remedies });
    }
}
