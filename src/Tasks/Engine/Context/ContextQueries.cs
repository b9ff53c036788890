using System.Text.RegularExpressions;
using Orchestrator.Plans;

namespace Orchestrator.Context;

/// <summary>What the index is asked: a task's words without the plan's own bookkeeping (ids, "depends on", extensions).</summary>
public static partial class ContextQueries
{
    public static string ForTask(PlanTask task) =>
        Bookkeeping().Replace(string.Join(' ', [task.Description, .. task.Files, task.Story ?? "", task.PhaseTitle ?? ""]), " ");

    public static string ForPlan(TaskPlan plan, string? userPrompt) =>
        string.Join('\n', plan.Tasks.Where(t => t.ToDo).Select(ForTask).Prepend(userPrompt ?? ""));

    /// <summary>The plan file itself, when it lies in the repository: it names every task's words, so it would top every query.</summary>
    public static IReadOnlySet<string> Excluded(TaskPlan? plan, string repoPath)
    {
        if (plan is null || plan.SourcePath == "-")
        {
            return new HashSet<string>();
        }

        var relative = Path.GetRelativePath(repoPath, plan.SourcePath).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) ? new HashSet<string>() : new HashSet<string> { relative };
    }

    [GeneratedRegex(@"\((?:depends on|after)[^)]*\)|\b(?:depends on|after)\s+[A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*|\b[A-Z]\d{2,}\b|\bUS\d+\b|(?<=\w)\.[A-Za-z]{1,5}\b")]
    private static partial Regex Bookkeeping();
}
