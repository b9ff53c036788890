using Orchestrator.Agents;
using Orchestrator.Notifications;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// The run's notifiers, from <c>--notify-url</c> and <c>--notify-github</c>, with the one HTTP client they share: made
/// only when one is asked for, since loading the HTTP stack is a measurable part of a short run's start-up.
/// </summary>
internal sealed class RunNotifications : IAsyncDisposable
{
    private HttpClient? _http;

    private RunNotifications(HostOptions options, string? gitHubToken, IRunLog log)
    {
        if (options.NotifyUrl is null && options.NotifyGitHub is null)
        {
            return;
        }

        var redact = SecretRedactor.FromEnvironment().Redact;
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        if (options.NotifyUrl is { } url)
        {
            Notifiers.Add(new Notifier(new WebhookSink(url, _http), log, redact));
        }

        if (options.NotifyGitHub is { } issue)
        {
            Notifiers.Add(new Notifier(new GitHubCommentSink(issue, options.GitHubApiUrl ?? GitHubCommentSink.PublicApi, gitHubToken!, _http), log, redact));
        }
    }

    public List<Notifier> Notifiers { get; } = [];

    /// <summary>The notifiers asked for; <c>--notify-github</c> without <c>GITHUB_TOKEN</c> is bad input.</summary>
    public static RunNotifications For(HostOptions options, HostIO io, IRunLog log)
    {
        var token = io.Environment.GetValueOrDefault("GITHUB_TOKEN");
        if (options.NotifyGitHub is not null && string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException("--notify-github: GITHUB_TOKEN is not set");
        }

        return new RunNotifications(options, token, log);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Notifiers.Select(n => n.DisposeAsync().AsTask()));

        _http?.Dispose();
    }
}
