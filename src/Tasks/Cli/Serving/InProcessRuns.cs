using System.Globalization;
using System.Text.Json;
using Orchestrator.Runs;
using Orchestrator.Serve;

namespace Orchestrator.Cli.Serving;

/// <summary>
/// The dashboard's runs, started in this process through the command line itself: a body's fields become the flags of
/// the same names (<c>max_concurrent</c> is <c>--max-concurrent</c>), on the dashboard's artifacts folder, so a run
/// started from the API is checked and run exactly as the same command line would be.
/// </summary>
internal sealed class InProcessRuns(HostIO io, string artifactsPath, IReadOnlyList<string> inherited) : IRunStarter
{
    private static readonly string[] Groups = [Flags.Run, Flags.Agents, Flags.Context, Flags.Execution, Flags.Merging];
    private static readonly string[] AlsoTaken = ["--target", "--skip-phases", "--notify-url", "--notify-github", "--github-api-url"];
    private static readonly string[] NotTaken = ["--artifacts"];
    private static readonly string[] Required = ["plan", "repo_path"];

    public IReadOnlyList<string> CommandLineFor(IReadOnlyDictionary<string, JsonElement> fields)
    {
        var flags = new Flags().Every;
        var args = new List<string>();
        foreach (var (field, value) in fields)
        {
            var name = "--" + field.Replace('_', '-');
            var flag = flags.FirstOrDefault(f => f.Option.Name == name && (Groups.Contains(f.Group) || AlsoTaken.Contains(name)) && !NotTaken.Contains(name))
                ?? throw new BadFieldException(field, $"{field}: not a field a run takes");
            if (flag.Option.ValueType == typeof(bool))
            {
                args.AddRange(value.ValueKind switch
                {
                    JsonValueKind.True => [name],
                    JsonValueKind.False or JsonValueKind.Null => [],
                    _ => throw new BadFieldException(field, $"{field}: expected true or false"),
                });
                continue;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw new BadFieldException(field, $"{field}: expected a string or a number"),
            };
            if (text is not null)
            {
                args.Add($"{name}={text}");
            }
        }

        foreach (var field in Required.Where(f => !fields.TryGetValue(f, out var v) || v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 }))
        {
            throw new BadFieldException(field, $"{field}: required");
        }

        if (fields.TryGetValue("target", out var target) && target.ValueKind == JsonValueKind.String
            && target.GetString() is { } named && (Pipeline.Targets.Maintenance.Contains(named, StringComparer.OrdinalIgnoreCase)
                || string.Equals(named, HostOptions.ServeTarget, StringComparison.OrdinalIgnoreCase)))
        {
            throw new BadFieldException("target", $"target: a run's target is a phase or Default, not {named}");
        }

        var given = args.Select(a => a.Split('=')[0]).ToHashSet();
        return [.. args, .. inherited.Where(a => !given.Contains(a.Split('=')[0])), $"--artifacts={artifactsPath}"];
    }

    public IReadOnlyList<string> ResumeCommandLine() => ["--resume", $"--artifacts={artifactsPath}", .. inherited];

    public async Task<RunExit> RunAsync(IReadOnlyList<string> commandLine, IRunEvents events, TaskCancellations tasks, CancellationToken stopping)
    {
        var errors = new ErrorLineWriter(io.Error);
        var runIO = new HostIO(TextReader.Null, io.Output, errors, io.WorkingDirectory)
        {
            Environment = io.Environment.Where(e => e.Key != "GITHUB_ACTIONS").ToDictionary(e => e.Key, e => e.Value),
        };
        var exitCode = await CommandLineHost.RunAsync(commandLine, runIO, stopping, new RunAttachment(events, tasks));
        return new RunExit(exitCode, errors.LastError);
    }
}

/// <summary>What a host run is attached to: a further watcher of its events, and its per-task cancel requests.</summary>
internal sealed record RunAttachment(IRunEvents Events, TaskCancellations Tasks);

/// <summary>Passes lines on, remembering the last <c>error: </c> line (the one line a failed run ends with).</summary>
internal sealed class ErrorLineWriter(TextWriter inner) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly System.Text.StringBuilder _line = new();

    public override System.Text.Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => CultureInfo.InvariantCulture;

    public string? LastError { get; private set; }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        lock (_gate)
        {
            inner.Write(value);
            foreach (var c in value ?? "")
            {
                if (c != '\n')
                {
                    _line.Append(c);
                    continue;
                }

                var line = _line.ToString().TrimEnd('\r');
                if (line.StartsWith("error: ", StringComparison.Ordinal))
                {
                    LastError = line["error: ".Length..];
                }

                _line.Clear();
            }
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }
}
