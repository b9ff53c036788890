using System.Globalization;
using System.Text;
using static Orchestrator.Reporting.Html;

namespace Orchestrator.Reporting;

/// <summary>
/// The report's Gantt chart: one row per task, one bar per attempt coloured by how it ended, the critical path marked;
/// and below it how many attempts ran at once. Bars are placed in percent, so the chart fits any width.
/// </summary>
internal static class HtmlTimeline
{
    public static void Write(TextWriter html, RunPicture run)
    {
        html.WriteLine("<section id=\"timeline\"><h2>Timeline</h2>");
        if (run.Attempts.Count == 0)
        {
            html.WriteLine("<p class=\"muted\">No task ran in this run.</p></section>");
            return;
        }

        var start = run.Attempts.Min(a => a.Start);
        var span = Math.Max(1, (run.Attempts.Max(a => a.End) - start).TotalMilliseconds);
        double At(DateTime time) => (time - start).TotalMilliseconds / span * 100;
        html.WriteLine("<div class=\"gantt\">");
        html.Write("<div class=\"row axis\"><div class=\"label\"></div><div class=\"track\">");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            var place = tick == 100 ? "right:0" : $"left:{tick}%";
            var minor = tick is 25 or 75 ? " class=\"minor\"" : "";
            html.Write($"<span{minor} style=\"{place}\">{E(Figures.Duration((long)(span * tick / 100)))}</span>");
        }

        html.WriteLine("</div></div>");
        var critical = run.CriticalPath.ToHashSet();
        var attempts = run.Attempts.ToLookup(a => a.Task, StringComparer.Ordinal);
        var order = run.Tasks.Select(t => t.Id).Concat(run.Attempts.Select(a => a.Task)).Distinct();
        foreach (var task in order.Where(attempts.Contains))
        {
            var onPath = critical.Contains(task);
            html.Write($"<div class=\"row\" data-task=\"{E(task)}\"><div class=\"label{(onPath ? " critical" : "")}\" title=\"{E(task)}\">");
            html.Write($"{(onPath ? "&#9670; " : "")}{E(task)}</div><div class=\"track\">");
            foreach (var bar in attempts[task])
            {
                var left = At(bar.Start);
                var width = Math.Max(0.6, At(bar.End) - left);
                var classes = $"bar {StatusClass(bar.Outcome)}{(onPath ? " critical" : "")}{(bar.Phase is null ? "" : " redo")}";
                var title = $"{task} attempt {bar.Attempt}{(bar.Phase is null ? "" : $" ({bar.Phase})")}: {bar.Outcome}, {Figures.Duration(bar.DurationMs)}";
                html.Write($"<div class=\"{classes}\" data-outcome=\"{E(bar.Outcome)}\" style=\"left:{Percent(left)};width:{Percent(width)}\" title=\"{E(title)}\"></div>");
            }

            html.WriteLine("</div></div>");
        }

        html.WriteLine("</div>");
        WriteConcurrency(html, run.Attempts, start, span);
        html.WriteLine("<p class=\"legend\"><span class=\"key s-completed\"></span>completed <span class=\"key s-failed\"></span>failed " +
            "<span class=\"key s-timeout\"></span>timeout <span class=\"key s-cancelled\"></span>cancelled " +
            "<span class=\"key s-unfinished\"></span>unfinished <span class=\"key redo\"></span>Merge's redo &#9670; critical path</p>");
        html.WriteLine("</section>");
    }

    private static void WriteConcurrency(TextWriter html, IReadOnlyList<AttemptBar> bars, DateTime start, double span)
    {
        var steps = AttemptBar.Concurrency(bars);
        var most = Math.Max(1, steps.Max(s => s.Running));
        string X(DateTime at) => ((at - start).TotalMilliseconds / span * 1000).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(int running) => (60 - (running * 56.0 / most)).ToString("0.#", CultureInfo.InvariantCulture);
        var path = new StringBuilder("M0,60");
        var level = 0;
        foreach (var (at, running) in steps)
        {
            path.Append($" L{X(at)},{Y(level)} L{X(at)},{Y(running)}");
            level = running;
        }

        path.Append(" L1000,60 Z");
        html.WriteLine($"<h3>Running at once <span class=\"muted\">(at most {most})</span></h3>");
        html.WriteLine("<svg class=\"concurrency\" viewBox=\"0 0 1000 60\" preserveAspectRatio=\"none\" role=\"img\" " +
            $"aria-label=\"attempts running at once, at most {most}\"><path d=\"{path}\"/></svg>");
    }
}
