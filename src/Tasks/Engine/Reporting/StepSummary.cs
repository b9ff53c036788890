using System.Text;
using Orchestrator.Merge;

namespace Orchestrator.Reporting;

/// <summary>A run summed up in GitHub-flavoured Markdown, for a CI job's summary page: phases, tasks, merge and tests.</summary>
public static class StepSummary
{
    public static string Render(RunPicture run)
    {
        var md = new StringBuilder();
        md.AppendLine($"## Orchestrator run {Cell(run.RunId)}: {(run.Success ? "done" : run.Verdict)}").AppendLine();
        if (run.Merge is { } merge)
        {
            var head = merge.IntegrationHead.Length >= 12 ? merge.IntegrationHead[..12] : "-";
            md.AppendLine($"Result: `{Cell(merge.IntegrationBranch)}` at `{head}`; {Tests(merge)}.").AppendLine();
        }

        md.AppendLine($"{run.Tasks.Count(t => t.Status == "merged")} of {run.Tasks.Count(t => t.Status != "skipped")} tasks merged; " +
            $"{Figures.Duration(run.TotalDurationMs)}; {(run.Usage is null ? "no usage reported" : Figures.Usage(run.Usage))}.").AppendLine();
        md.AppendLine("| # | Phase | Status | Duration |").AppendLine("|---|---|---|---|");
        foreach (var phase in run.Phases.Where(p => p.Status != "not run"))
        {
            md.AppendLine($"| {phase.Number} | {phase.Name} | {Cell(phase.Status)} | {Figures.Duration(phase.DurationMs)} |");
        }

        md.AppendLine().AppendLine("| Task | Status | Agent | Attempts | Duration | Tokens | Cost |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var task in run.Tasks)
        {
            var mark = RunPicture.IsBad(task.Status) ? ":x: " : task.Status is "merged" or "completed" ? ":white_check_mark: " : "";
            md.AppendLine($"| {Cell(task.Id)} | {mark}{Cell(task.Status.Replace('_', ' '))} | {Cell(task.Agent ?? "-")} | {task.Attempts} | " +
                $"{Figures.Duration(task.DurationMs)} | {Figures.Tokens(task.Usage)} | {Figures.Cost(task.Usage)} |");
        }

        if (run.Merge is { } result)
        {
            md.AppendLine();
            if (result.Merged.Count > 0)
            {
                md.AppendLine($"**Merged, in order:** {string.Join(" → ", result.Merged.Select(Cell))}").AppendLine();
            }

            foreach (var conflict in result.Conflicts)
            {
                md.AppendLine($"- **Conflict** {Cell(conflict.Task)}: {string.Join(", ", conflict.Paths.Select(p => $"`{Cell(p)}`"))}");
            }

            foreach (var test in result.TestHistory)
            {
                md.AppendLine($"- Tests ({Cell(test.Purpose)}) on `{(test.Commit.Length >= 12 ? test.Commit[..12] : test.Commit)}`: " +
                    $"{(test.Passed ? "passed" : $"failed (exit {test.ExitCode})")} in {Figures.Duration(test.DurationMs)}");
            }
        }

        return md.ToString();
    }

    private static string Tests(MergeOutput merge) =>
        merge.Tests is null ? "no tests run" : merge.Tests.Passed ? $"tests passed ({merge.TestRuns} runs)" : $"tests FAILED (exit {merge.Tests.ExitCode})";

    /// <summary>Task text in a table cell: no line breaks, no pipes, no HTML.</summary>
    private static string Cell(string text) =>
        text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;").Replace("`", "'");
}
