using System.Collections;

namespace Orchestrator.Cli;

/// <summary>
/// Where one invocation reads and writes, and what it resolves relative paths against. The console for the real
/// program; string writers for specs that run the host in-process.
/// </summary>
public sealed record HostIO(TextReader Input, TextWriter Output, TextWriter Error, string WorkingDirectory)
{
    /// <summary>Whether Output is a terminal that understands colours (never for a redirected or captured writer).</summary>
    public bool Interactive { get; init; }

    /// <summary>
    /// The environment the host reads its own settings from (<c>GITHUB_ACTIONS</c>, <c>GITHUB_STEP_SUMMARY</c>, …): the
    /// process's for the real program, none unless a spec sets them in-process. Agents still inherit the process's.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public static HostIO FromConsole() => new(Console.In, Console.Out, Console.Error, System.Environment.CurrentDirectory)
    {
        Interactive = !Console.IsOutputRedirected,
        Environment = ProcessEnvironment(),
    };

    private static Dictionary<string, string> ProcessEnvironment()
    {
        // A loop rather than Cast<DictionaryEntry>().ToDictionary: LINQ over a struct type is JIT-compiled at start-up.
        var environment = new Dictionary<string, string>();
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? "";
        }

        return environment;
    }
}
