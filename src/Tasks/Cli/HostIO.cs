namespace Orchestrator.Cli;

/// <summary>
/// Where one invocation reads and writes, and what it resolves relative paths against. The console for the real
/// program; string writers for specs that run the host in-process.
/// </summary>
public sealed record HostIO(TextReader Input, TextWriter Output, TextWriter Error, string WorkingDirectory)
{
    /// <summary>Whether Output is a terminal that understands colours (never for a redirected or captured writer).</summary>
    public bool Interactive { get; init; }

    public static HostIO FromConsole() => new(Console.In, Console.Out, Console.Error, Environment.CurrentDirectory)
    {
        Interactive = !Console.IsOutputRedirected,
    };
}
