using Orchestrator.Plans;

namespace Orchestrator.Quorum;

/// <summary>An empty plan, empty descriptions, a done task waiting on an unfinished one: the plan cannot run as written.</summary>
public sealed class StructureValidator : IPlanValidator
{
    public string Name => "structure";

    public Vote Validate(TaskPlan plan, TaskGraph graph)
    {
        var problems = new List<string>();
        if (plan.Tasks.Count == 0)
        {
            problems.Add("the plan has no tasks");
        }

        problems.AddRange(plan.Tasks.Where(t => string.IsNullOrWhiteSpace(t.Description)).Select(t => $"{t.Id} has no description"));
        problems.AddRange(plan.Tasks.Where(t => t.Done)
            .SelectMany(t => t.DependsOn.Where(d => !plan[d].Done).Select(d => $"{t.Id} is marked done but depends on unfinished {d}")));
        return problems.Count == 0
            ? new Vote(Name, Verdict.Pass, 0.95, [])
            : new Vote(Name, Verdict.Fail, 0.9, problems);
    }
}

/// <summary>Tasks that may run at the same time and touch the same file will conflict at merge.</summary>
public sealed class ParallelFileValidator : IPlanValidator
{
    public string Name => "parallel-files";

    public Vote Validate(TaskPlan plan, TaskGraph graph)
    {
        var problems = new List<string>();
        var byFile = plan.Tasks.Where(t => !t.Done).SelectMany(t => t.Files.Select(f => (File: f, Task: t.Id))).GroupBy(x => x.File);
        foreach (var group in byFile)
        {
            var tasks = group.Select(x => x.Task).Distinct().ToList();
            for (var i = 0; i < tasks.Count; i++)
            {
                for (var j = i + 1; j < tasks.Count; j++)
                {
                    if (graph.MayRunConcurrently(tasks[i], tasks[j]))
                    {
                        problems.Add($"{tasks[i]} and {tasks[j]} may run at the same time and both touch {group.Key}");
                    }
                }
            }
        }

        return problems.Count == 0
            ? new Vote(Name, Verdict.Pass, 0.9, [])
            : new Vote(Name, Verdict.Retry, 0.8, problems);
    }
}

/// <summary>A task with no file scope gives the agent nothing to anchor on and the quorum nothing to check.</summary>
public sealed class FileScopeValidator : IPlanValidator
{
    public string Name => "file-scope";

    public Vote Validate(TaskPlan plan, TaskGraph graph)
    {
        var unscoped = plan.Tasks.Where(t => !t.Done && t.Files.Count == 0).Select(t => $"{t.Id} names no file").ToList();
        var share = plan.Tasks.Count == 0 ? 0 : (double)unscoped.Count / plan.Tasks.Count;
        return unscoped.Count == 0 ? new Vote(Name, Verdict.Pass, 0.85, [])
            : share > 0.5 ? new Vote(Name, Verdict.Retry, 0.7, unscoped)
            : new Vote(Name, Verdict.Pass, 0.6, unscoped);
    }
}
