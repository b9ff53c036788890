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

    /// <summary>
    /// The files <paramref name="tasks"/> name (those <paramref name="include"/> keeps), in the order first named, each
    /// with the tasks naming it in plan order, once each. Plain loops and a class: nothing generic over tuples to compile.
    /// </summary>
    public static List<FileTasks> ByFile(IEnumerable<PlanTask> tasks, Func<string, bool> include)
    {
        var groups = new List<FileTasks>();
        var byFile = new Dictionary<string, FileTasks>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            foreach (var file in task.Files)
            {
                if (!include(file))
                {
                    continue;
                }

                if (!byFile.TryGetValue(file, out var group))
                {
                    groups.Add(byFile[file] = group = new FileTasks(file, []));
                }

                if (group.Tasks.Count == 0 || group.Tasks[^1].Id != task.Id)
                {
                    group.Tasks.Add(task);
                }
            }
        }

        return groups;
    }
}

/// <summary>A file and the tasks that name it.</summary>
public sealed record FileTasks(string File, List<PlanTask> Tasks);
