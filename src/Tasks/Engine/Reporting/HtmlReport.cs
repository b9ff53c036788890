using System.Globalization;
using Orchestrator.Merge;
using Orchestrator.Quorum;
using Orchestrator.Runs;
using static Orchestrator.Reporting.Html;

namespace Orchestrator.Reporting;

/// <summary>
/// A run's report as one self-contained HTML page (inline CSS and SVG, nothing fetched): the outcome, the timeline,
/// the phases, the tasks, the quorum's decision and the merge. Every piece of task text is escaped.
/// </summary>
public static class HtmlReport
{
    private const string LogLinkStart = "<a href=\"";

    /// <summary>
    /// The page made for reports/ ("../" before each log link) copied as it reads beside the artifacts folder, a block at a
    /// time: task text is escaped, so the only unescaped <c>&lt;a href="</c> on the page are the log links, and a
    /// 50,000-task page is copied with them changed instead of being drawn a second time.
    /// </summary>
    public static void CopyBesideArtifacts(TextReader pageInReports, TextWriter page)
    {
        const string InReports = LogLinkStart + "../";
        var block = new char[1 << 14]; // small enough to stay off the large object heap
        var kept = 0;
        for (int read; (read = pageInReports.Read(block, kept, block.Length - kept)) > 0 || kept > 0;)
        {
            var text = block.AsSpan(0, kept + read);
            int link;
            while ((link = text.IndexOf(InReports, StringComparison.Ordinal)) >= 0)
            {
                page.Write(text[..link]);
                page.Write(LogLinkStart);
                text = text[(link + InReports.Length)..];
            }

            // A link may start in the last few characters: they wait for the next block (or end the page).
            var settled = read == 0 ? text.Length : Math.Max(0, text.Length - InReports.Length + 1);
            page.Write(text[..settled]);
            text[settled..].CopyTo(block);
            kept = text.Length - settled;
        }
    }

    /// <param name="artifactsLink">How the page reaches the artifacts folder ("" beside it, "../" from reports/).</param>
    public static void Render(RunPicture run, string artifactsLink, TextWriter html)
    {
        html.WriteLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.WriteLine($"<title>Run {E(run.RunId)}: {E(run.Verdict)}</title><style>{ReportStyle.Css}</style></head><body><main>");
        WriteOutcome(html, run);
        HtmlTimeline.Write(html, run);
        WritePhases(html, run);
        WriteTasks(html, run, artifactsLink);
        if (run.Quorum is { } quorum)
        {
            WriteQuorum(html, quorum);
        }

        if (run.Merge is { } merge)
        {
            WriteMerge(html, merge);
        }

        html.WriteLine($"<footer class=\"muted\">Written {run.GeneratedAt:yyyy-MM-dd HH:mm:ss} UTC by orchestrator from {RunLayout.StateFolder}/{RunLayout.StateFile} and {RunLayout.StateFolder}/{RunLayout.JournalFile}.</footer>");
        html.WriteLine("</main></body></html>");
    }

    private static void WriteOutcome(TextWriter html, RunPicture run)
    {
        var counts = run.Tasks.GroupBy(t => t.Status).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key.Replace('_', ' ')}");
        html.WriteLine($"<header class=\"outcome v-{run.Verdict.ToLowerInvariant()}\"><h1>Run {E(run.RunId)} {Badge(run.Verdict)}</h1>");
        html.WriteLine($"<p class=\"counts\">{E(run.Tasks.Count == 0 ? "no tasks planned" : string.Join(" · ", counts))}</p><dl>");
        Term(html, "Repository", run.RepoPath);
        Term(html, "Base", run.BaseCommit is { Length: >= 12 } b ? b[..12] : run.BaseCommit ?? "-");
        if (run.Merge is { } merge)
        {
            Term(html, "Result", $"{merge.IntegrationBranch} at {(merge.IntegrationHead.Length >= 12 ? merge.IntegrationHead[..12] : "-")}");
            Term(html, "Tests", merge.Tests is null ? "no tests run" : merge.Tests.Passed ? $"passed ({merge.TestRuns} runs)" : $"FAILED (exit {merge.Tests.ExitCode})");
        }

        Term(html, "Duration", Figures.Duration(run.TotalDurationMs));
        Term(html, "Spend", run.Usage is null ? "no usage reported" : Figures.Usage(run.Usage));
        html.WriteLine("</dl></header>");
    }

    private static void WritePhases(TextWriter html, RunPicture run)
    {
        var longest = Math.Max(1, run.Phases.Max(p => p.DurationMs));
        html.WriteLine("<section id=\"phases\"><h2>Phases</h2><div class=\"scroll\"><table><thead><tr><th>#</th><th>Phase</th><th>Status</th><th>Duration</th><th class=\"wide\"></th></tr></thead><tbody>");
        foreach (var phase in run.Phases)
        {
            var width = Percent(phase.DurationMs * 100.0 / longest);
            html.Write($"<tr data-phase=\"{E(phase.Name)}\"><td>{phase.Number}</td><td>{E(phase.Name)}");
            html.Write(phase.Error is null ? "" : $"<div class=\"note\">{E(phase.Error)}</div>");
            html.Write($"</td><td>{Badge(phase.Status)}</td><td class=\"num\">{E(Figures.Duration(phase.DurationMs))}</td>");
            html.WriteLine($"<td class=\"wide\"><div class=\"meter {StatusClass(phase.Status)}\" style=\"width:{width}\"></div></td></tr>");
        }

        html.WriteLine("</tbody></table></div></section>");
    }

    private static void WriteTasks(TextWriter html, RunPicture run, string artifactsLink)
    {
        html.WriteLine("<section id=\"tasks\"><h2>Tasks</h2>");
        if (run.Tasks.Count == 0)
        {
            html.WriteLine("<p class=\"muted\">The run has no plan yet.</p></section>");
            return;
        }

        html.WriteLine("<div class=\"scroll\"><table><thead><tr><th>Task</th><th>Status</th><th>Agent</th><th>Attempts</th><th>Duration</th>" +
            "<th>Tokens</th><th>Cost</th><th>Changed files</th><th>Log</th></tr></thead><tbody>");
        foreach (var task in run.Tasks)
        {
            var files = task.ChangedFiles.Take(8).Select(f => $"<code>{E(f)}</code>").ToList();
            if (task.ChangedFiles.Count > 8)
            {
                files.Add($"+{task.ChangedFiles.Count - 8} more");
            }

            var log = task.LogLink is { } link ? $"{LogLinkStart}{E(artifactsLink + link)}\">log</a>" : "-";
            html.Write($"<tr data-task=\"{E(task.Id)}\"><td><b>{(task.OnCriticalPath ? "&#9670; " : "")}{E(task.Id)}</b><div class=\"note\">{E(task.Description)}</div>");
            html.Write(task.Error is null ? "" : $"<div class=\"note error\">{E(task.Error)}</div>");
            html.Write($"</td><td>{Badge(task.Status)}</td><td>{E(task.Agent ?? "-")}</td><td class=\"num\">{task.Attempts}</td>");
            html.Write($"<td class=\"num\">{E(Figures.Duration(task.DurationMs))}</td><td class=\"num\">{E(Figures.Tokens(task.Usage))}</td>");
            html.WriteLine($"<td class=\"num\">{E(Figures.Cost(task.Usage))}</td><td>{string.Join("<br>", files.DefaultIfEmpty("-"))}</td><td>{log}</td></tr>");
        }

        html.WriteLine("</tbody></table></div></section>");
    }

    private static void WriteQuorum(TextWriter html, QuorumResult quorum)
    {
        var confidence = quorum.Confidence.ToString("P1", CultureInfo.InvariantCulture);
        html.WriteLine($"<section id=\"quorum\"><h2>Quorum</h2><p>Decision {Badge(quorum.Decision.ToString().ToUpperInvariant())} with {E(confidence)} confidence" +
            $"{(quorum.Attempts.Count > 1 ? $", after {quorum.Attempts.Count - 1} retries" : "")}.</p>");
        List(html, "Deficiencies", quorum.Deficiencies);
        List(html, "Dependencies the quorum added", quorum.RemediesApplied.Select(r => r.ToString()));
        html.WriteLine("</section>");
    }

    private static void WriteMerge(TextWriter html, MergeOutput merge)
    {
        html.WriteLine($"<section id=\"merge\"><h2>Merge</h2><p>Into <code>{E(merge.IntegrationBranch)}</code> ({E(merge.Strategy)})" +
            $"{(merge.MergedInto is { } into ? $", fast-forwarded <code>{E(into)}</code>" : "")}.</p>");
        if (merge.Merged.Count > 0)
        {
            html.WriteLine($"<h3>Merge order</h3><ol class=\"order\">{string.Concat(merge.Merged.Select(m => $"<li>{E(m)}</li>"))}</ol>");
        }

        List(html, "Conflicts", merge.Conflicts.Select(c => $"{c.Task}: {string.Join(", ", c.Paths)}"));
        List(html, "Not merged", merge.Blocked.Select(b => $"{b.Task}: {b.Reason}"));
        List(html, "Failing the tests", merge.TestFailed.Select(t => t.Task));
        if (merge.TestHistory.Count > 0)
        {
            html.WriteLine("<h3>Test runs</h3><div class=\"scroll\"><table><thead><tr><th>Purpose</th><th>Commit</th><th>Result</th><th>Duration</th></tr></thead><tbody>");
            foreach (var test in merge.TestHistory)
            {
                var result = test.Passed ? "passed" : test.TimedOut ? "timeout" : "failed";
                html.WriteLine($"<tr><td>{E(test.Purpose)}{(test.Reused ? " <span class=\"muted\">(reused)</span>" : "")}</td>" +
                    $"<td><code>{E(test.Commit.Length >= 12 ? test.Commit[..12] : test.Commit)}</code></td>" +
                    $"<td>{Badge(result)}{(test.Passed ? "" : $" exit {test.ExitCode}")}</td><td class=\"num\">{E(Figures.Duration(test.DurationMs))}</td></tr>");
            }

            html.WriteLine("</tbody></table></div>");
        }

        html.WriteLine("</section>");
    }

    private static void Term(TextWriter html, string term, string value) => html.WriteLine($"<dt>{E(term)}</dt><dd>{E(value)}</dd>");

    private static void List(TextWriter html, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            html.WriteLine($"<h3>{E(title)}</h3><ul>{string.Concat(list.Select(i => $"<li>{E(i)}</li>"))}</ul>");
        }
    }
}
