using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Cli;

namespace Orchestrator.Tests.Support;

/// <summary>
/// <c>--target=Serve</c> run in-process over an artifacts folder, on a free port: its address (read from the line it
/// prints), its token (read from serve.token), an HTTP client, and its event stream. Disposing it stops it as Ctrl-C does.
/// </summary>
public sealed class ServedDashboard : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private readonly Task<int> _serving;

    private ServedDashboard(string workingDirectory, string artifacts, IReadOnlyList<string> args)
    {
        Artifacts = artifacts;
        var writer = TextWriter.Synchronized(_output);
        var io = new HostIO(TextReader.Null, writer, writer, workingDirectory);
        _serving = Task.Run(() => CommandLineHost.RunAsync(args, io, _stop.Token));
    }

    /// <summary>The invocation's exit code, once it ends.</summary>
    public Task<int> Ended => _serving;

    public string Artifacts { get; }

    public Uri Url { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string Output => _output.ToString();

    public static Task<ServedDashboard> StartAsync(string workingDirectory, string artifacts, params string[] extra) =>
        LaunchAsync(workingDirectory, artifacts, ["--target=Serve", $"--artifacts={artifacts}", .. extra]);

    /// <summary>A run of the command line with <c>--serve</c>: the dashboard while it goes on.</summary>
    public static Task<ServedDashboard> AlongsideAsync(string workingDirectory, string artifacts, IEnumerable<string> runArgs) =>
        LaunchAsync(workingDirectory, artifacts, [.. runArgs, "--serve"]);

    private static async Task<ServedDashboard> LaunchAsync(string workingDirectory, string artifacts, IReadOnlyList<string> args)
    {
        var served = new ServedDashboard(workingDirectory, artifacts, args);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!served.Output.Contains("Dashboard: ", StringComparison.Ordinal))
        {
            if (served._serving.IsCompleted || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the dashboard did not start:\n{served.Output}");
            }

            await Task.Delay(50);
        }

        var line = served.Output.Split('\n').First(l => l.StartsWith("Dashboard: ", StringComparison.Ordinal));
        served.Url = new Uri(line["Dashboard: ".Length..].Trim());
        served.Token = await File.ReadAllTextAsync(Path.Combine(artifacts, "serve.token"));
        served.Http.BaseAddress = served.Url;
        return served;
    }

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null, bool withToken = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body as string ?? System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await Http.GetStringAsync(path))!;

    /// <summary>Opens <c>/api/events</c>; every <c>data:</c> line's JSON arrives in the returned stream.</summary>
    public async Task<EventStream> EventsAsync()
    {
        var response = await Http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new EventStream(response);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving.WaitAsync(TimeSpan.FromSeconds(60));
        Http.Dispose();
        _stop.Dispose();
    }
}

/// <summary>The events of an open <c>/api/events</c> stream, read as they arrive.</summary>
public sealed class EventStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<JsonNode> _events = Channel.CreateUnbounded<JsonNode>();
    private readonly CancellationTokenSource _closing = new();

    public EventStream(HttpResponseMessage response)
    {
        _response = response;
        _ = Task.Run(ReadAsync);
    }

    public List<JsonNode> Seen { get; } = [];

    /// <summary>Reads events until one matches; fails with what it saw when none does in time.</summary>
    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> match, int seconds = 60)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(limit.Token);
                Seen.Add(next);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no such event in {seconds}s; seen:\n{string.Join('\n', Seen.Select(e => e.ToJsonString()))}");
        }
    }

    public static Func<JsonNode, bool> TaskIs(string task, string status) =>
        e => (string?)e["type"] == "task_changed" && (string?)e["task"] == task && (string?)e["status"] == status;

    public static Func<JsonNode, bool> Type(string type) => e => (string?)e["type"] == type;

    public void Dispose()
    {
        _closing.Cancel();
        _response.Dispose();
        _closing.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_closing.Token));
            while (await reader.ReadLineAsync(_closing.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    await _events.Writer.WriteAsync(JsonNode.Parse(line["data: ".Length..])!, _closing.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // The stream was closed.
        }
    }
}
