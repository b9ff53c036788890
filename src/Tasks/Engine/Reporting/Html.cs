using System.Net;

namespace Orchestrator.Reporting;

/// <summary>Text made safe for HTML (task text is untrusted), and the CSS class of a status.</summary>
internal static class Html
{
    private static readonly string[] KnownStatuses =
    [
        "ok", "done", "completed", "merged", "failed", "timeout", "cancelled", "blocked", "skipped", "conflict",
        "test_failed", "unfinished", "running", "pending", "ready", "not run", "passed", "pass", "retry", "fail",
    ];

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A class for a status: only known words become classes, anything else is "s-other".</summary>
    public static string StatusClass(string status)
    {
        var word = status.ToLowerInvariant();
        return KnownStatuses.Contains(word) ? "s-" + word.Replace(' ', '-').Replace('_', '-') : "s-other";
    }

    public static string Badge(string status) => $"<span class=\"badge {StatusClass(status)}\">{E(status.Replace('_', ' '))}</span>";

    public static string Percent(double value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
