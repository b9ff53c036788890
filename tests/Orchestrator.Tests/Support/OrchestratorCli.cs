using System.Diagnostics;
using System.Text;

namespace Orchestrator.Tests.Support;

public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>The real host, run as a child process exactly as build.sh runs it (minus the build).</summary>
public static class OrchestratorCli
{
    public static string HostDll => Path.Combine(AppContext.BaseDirectory, "orchestrator.dll");

    public static CliResult Run(string workingDirectory, IEnumerable<string> args, string? standardInput = null, TimeSpan? timeout = null) =>
        RunAsync(workingDirectory, args, standardInput, timeout).GetAwaiter().GetResult();

    public static async Task<CliResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> args,
        string? standardInput = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(workingDirectory, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"orchestrator {string.Join(' ', args)} did not finish in time:\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }
}
