using System.Diagnostics;
using System.Text;

namespace Orchestrator.Tests.Support;

/// <summary>A real program run to its end as a child process: its exit code and what it wrote, or a timeout with both.</summary>
public static class ChildRun
{
    public static Task<CliResult> RunAsync(
        string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var process = Start(program, args, workingDirectory, environment);
        return WaitAsync(process, null, timeout ?? TimeSpan.FromMinutes(3), $"{program} {string.Join(' ', process.StartInfo.ArgumentList)}");
    }

    /// <summary>Starts the program with its output redirected and no colours.</summary>
    public static Process Start(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        args.ToList().ForEach(info.ArgumentList.Add);
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the process group <paramref name="leader"/> leads (started under <c>setsid</c>), as
    /// Ctrl-C in a terminal reaches every process of the foreground job.
    /// </summary>
    public static void SignalGroup(Process leader, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, "--", $"-{leader.Id}" } })!;
        kill.WaitForExit();
    }

    /// <summary>Feeds <paramref name="standardInput"/>, waits for the end (killing the tree after <paramref name="limit"/>), and disposes the process.</summary>
    public static async Task<CliResult> WaitAsync(Process process, string? standardInput, TimeSpan limit, string description)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput);
            }

            process.StandardInput.Close();
            using var deadline = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{description} did not finish in time:\n{await stdout}\n{await stderr}");
            }

            return new CliResult(process.ExitCode, await stdout, await stderr);
        }
    }
}
