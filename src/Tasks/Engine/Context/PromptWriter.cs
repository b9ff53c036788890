using System.Text;
using Orchestrator.Plans;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Context;

/// <summary>Writes a task's prompt file: the task, its scope, what it builds on, the chosen context and the ground rules.</summary>
public static class PromptWriter
{
    public static string Render(PlanTask task, TaskPlan plan, IEnumerable<(ContextItem Item, string Text)> context)
    {
        var prompt = new StringBuilder();
        prompt.AppendLine($"# Task {task.Id}").AppendLine().AppendLine(task.Description).AppendLine();
        if (task.Acceptance is { Length: > 0 } || task.Check is { Length: > 0 })
        {
            prompt.AppendLine("## Done when").AppendLine();
            if (task.Acceptance is { Length: > 0 } acceptance)
            {
                prompt.AppendLine(acceptance).AppendLine();
            }

            if (task.Check is { Length: > 0 } check)
            {
                prompt.AppendLine($"When you finish, the orchestrator runs `{check}` in your worktree; the task fails unless it passes.")
                    .AppendLine();
            }
        }

        if (task.Files.Count > 0)
        {
            prompt.AppendLine("## Files in scope").AppendLine();
            foreach (var file in task.Files)
            {
                prompt.AppendLine($"- `{file}`");
            }

            prompt.AppendLine();
        }

        if (task.DependsOn.Count > 0)
        {
            prompt.AppendLine("## Builds on (already done; their work is in your worktree)").AppendLine();
            foreach (var dependency in task.DependsOn.Where(plan.Contains))
            {
                prompt.AppendLine($"- {dependency}: {plan[dependency].Description.Split('\n')[0]}");
            }

            prompt.AppendLine();
        }

        foreach (var (item, text) in context)
        {
            prompt.AppendLine($"## Context: `{item.Path}` ({item.Reason}{(item.Truncated ? ", truncated" : "")})").AppendLine();
            prompt.AppendLine("````").AppendLine(text.TrimEnd()).AppendLine("````").AppendLine();
        }

        prompt.AppendLine("## Rules").AppendLine();
        prompt.AppendLine("- Work only inside the current directory (your git worktree); do not touch other checkouts.");
        prompt.AppendLine("- Do not commit: the orchestrator commits your changes when you finish.");
        prompt.AppendLine("- Keep to the task; leave unrelated files as they are.");
        return prompt.ToString();
    }

    /// <summary>Writes <paramref name="prompt"/>, secrets redacted, to the run's prompt file of <paramref name="name"/> (a task id or retry name).</summary>
    public static string Write(RunLayout layout, string name, string prompt)
    {
        var path = layout.PromptFile(name);
        AtomicFile.WriteAllText(path, Agents.SecretRedactor.FromEnvironment().Redact(prompt));
        return path;
    }

    /// <summary>A prompt without gathered context, for runs that skipped ContextFiltering.</summary>
    public static string WriteBasic(RunLayout layout, PlanTask task, TaskPlan plan) => Write(layout, task.Id, Render(task, plan, []));
}
