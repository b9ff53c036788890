using System.Diagnostics;
using System.Text;
using Orchestrator.Cli;

namespace Orchestrator.Tests.Support;

public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>
/// The host's command line. <see cref="Run"/> calls it in-process, with string writers for the console (the engine
/// keeps no static state, so runs side by side do not meet); <see cref="Start"/> starts the real program as a child
/// process, for specs about signals, kills and the process itself.
/// </summary>
public static class OrchestratorCli
{
    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");

    public static CliResult Run(string workingDirectory, IEnumerable<string> args, string? standardInput = null, TimeSpan? timeout = null) =>
        RunAsync(workingDirectory, args, standardInput, timeout).GetAwaiter().GetResult();

    /// <summary>
    /// In-process, unless <paramref name="environment"/> is given: then the real program, with those variables.
    /// <paramref name="hostEnvironment"/> is what the in-process host reads as its environment (HostIO.Environment).
    /// </summary>
    public static async Task<CliResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> args,
        string? standardInput = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyDictionary<string, string>? hostEnvironment = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (environment is not null)
        {
            return await RunProcessAsync(workingDirectory, args, standardInput, limit, environment);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var io = new HostIO(new StringReader(standardInput ?? ""), TextWriter.Synchronized(output), TextWriter.Synchronized(error), workingDirectory)
        {
            Environment = hostEnvironment ?? new Dictionary<string, string>(),
        };
        using var cancellation = new CancellationTokenSource(limit);
        var exitCode = await Task.Run(() => CommandLineHost.RunAsync(args.ToList(), io, cancellation.Token));
        if (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"orchestrator {string.Join(' ', args)} did not finish in time:\n{output}\n{error}");
        }

        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunProcessAsync(
        string workingDirectory, IEnumerable<string> args, string? standardInput, TimeSpan limit, IReadOnlyDictionary<string, string>? environment) =>
        ChildRun.WaitAsync(Start(workingDirectory, args, environment), standardInput, limit, $"orchestrator {string.Join(' ', args)}");

    public static Process Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildRun.Start("dotnet", [HostDll, .. args], workingDirectory, environment);
}
