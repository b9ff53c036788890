using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestrator.Notifications;

/// <summary>
/// <c>--notify-github=owner/repo#number</c>: a comment on that issue or pull request (GitHub's REST API, the same
/// endpoint for both) when a phase ends and when the run ends, authenticated with <c>GITHUB_TOKEN</c>.
/// </summary>
public sealed class GitHubCommentSink(GitHubTarget target, Uri apiUrl, string token, HttpClient http) : INotificationSink
{
    public static readonly Uri PublicApi = new("https://api.github.com/");

    public bool Wants(Notification notification) => notification.IsMilestone;

    public async Task SendAsync(Notification notification, CancellationToken cancellation)
    {
        var url = new Uri(apiUrl, $"repos/{target.Owner}/{target.Repository}/issues/{target.Number}/comments");
        var body = JsonSerializer.Serialize(new { body = Markdown(notification) });
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("orchestrator", "0.1"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        using var response = await http.SendAsync(request, cancellation);
        response.EnsureSuccessStatusCode();
    }

    // Task text and errors are the plan's and the agents' words: kept out of Markdown's reach in a code span.
    private static string Markdown(Notification notification) =>
        $"**Orchestrator** run `{notification.RunId}`: {notification.Event.Replace('_', ' ')}" +
        (notification.Phase is null ? "" : $" — {notification.Phase}") + $" ({notification.Status})\n\n" +
        $"```text\n{notification.Summary.Replace("```", "'''", StringComparison.Ordinal)}\n```";
}

/// <summary>An issue or pull request, as <c>owner/repo#number</c>.</summary>
public sealed partial record GitHubTarget(string Owner, string Repository, int Number)
{
    public static GitHubTarget? Parse(string text) =>
        Pattern().Match(text) is { Success: true } m && int.TryParse(m.Groups[3].Value, out var number) && number > 0
            ? new GitHubTarget(m.Groups[1].Value, m.Groups[2].Value, number)
            : null;

    public override string ToString() => $"{Owner}/{Repository}#{Number}";

    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})#([0-9]{1,9})$")]
    private static partial Regex Pattern();
}
