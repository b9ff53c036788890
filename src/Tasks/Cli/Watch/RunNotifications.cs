using System.Runtime.CompilerServices;
using Orchestrator.Agents;
using Orchestrator.Notifications;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// The run's notifiers, from <c>--notify-url</c> and <c>--notify-github</c>, with the one HTTP client they share: made
/// only when one is asked for, since loading the HTTP stack is a measurable part of a short run's start-up.
/// </summary>
internal sealed class RunNotifications : IAsyncDisposable
{
    // Typed as IDisposable, and made in a method of its own: a method or field naming HttpClient loads the HTTP stack
    // when the class is first used, notifiers or not.
    private readonly IDisposable? _http;

    private RunNotifications(HostOptions options, string? gitHubToken, IRunLog log)
    {
        if (options.NotifyUrl is not null || options.NotifyGitHub is not null)
        {
            _http = Connect(options, gitHubToken, log);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private IDisposable Connect(HostOptions options, string? gitHubToken, IRunLog log)
    {
        var redact = SecretRedactor.FromEnvironment().Redact;
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        if (options.NotifyUrl is { } url)
        {
            Notifiers.Add(new Notifier(new WebhookSink(url, http), log, redact));
        }

        if (options.NotifyGitHub is { } issue)
        {
            Notifiers.Add(new Notifier(new GitHubCommentSink(issue, options.GitHubApiUrl ?? GitHubCommentSink.PublicApi, gitHubToken!, http), log, redact));
        }

        return http;
    }
}
