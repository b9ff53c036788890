using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Orchestrator.Processes;

/// <summary>Runs child processes with captured output, a timeout and whole-tree termination.</summary>
public static class ChildProcess
{
    /// <summary>How <paramref name="spec"/> starts: its program, arguments, folder and environment, output redirected.</summary>
    public static ProcessStartInfo StartInfoFor(ProcessSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }
        return startInfo;
    }

    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellation = default)
    {
        var startInfo = StartInfoFor(spec);
        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Collect(e.Data, stdout, spec.OnOutputLine);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, stderr, spec.OnErrorLine);

        var stopwatch = Stopwatch.StartNew();
        Start(process, spec);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await FeedStandardInputAsync(process, spec.StandardInput);

        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellation);
        var timedOut = false;
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = timeout.IsCancellationRequested;
            cancelled = !timedOut;
            await ProcessTree.StopAsync(process, spec.GracePeriod);
        }

        await process.WaitForExitAsync(CancellationToken.None);
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed)
                {
                    TimedOut = timedOut,
                    Cancelled = cancelled,
                };
            }
        }
    }

    /// <summary>
    /// The same as <see cref="RunAsync"/>, blocking the calling thread: for short calls made one at a time (the git calls
    /// of a run's start and first phases), which then need none of the asynchronous pipe readers, nor the socket engine
    /// they set up, nor the async machinery of every method above them. The output is the same, line for line. No
    /// standard input and no line observers; a timeout or cancellation kills the process and its children at once.
    /// </summary>
    public static ProcessResult Run(ProcessSpec spec, CancellationToken cancellation = default)
    {
        if (spec.StandardInput is not null || spec.OnOutputLine is not null || spec.OnErrorLine is not null)
        {
            throw new ArgumentException("a blocking run takes no standard input and no line observers", nameof(spec));
        }

        using var process = new Process { StartInfo = StartInfoFor(spec) };
        var stopwatch = Stopwatch.StartNew();
        Start(process, spec);
        process.StandardInput.Close();
        using var timeout = spec.Timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellation);
        using var stop = linked.Token.Register(() => Kill(process));
        var stderr = new StringBuilder();
        var errorReader = new Thread(() => CollectLines(process.StandardError, stderr)) { IsBackground = true, Name = "stderr of " + spec.FileName };
        errorReader.Start();
        var stdout = new StringBuilder();
        CollectLines(process.StandardOutput, stdout);
        errorReader.Join();
        process.WaitForExit();
        var timedOut = timeout.IsCancellationRequested;
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed)
        {
            TimedOut = timedOut,
            Cancelled = !timedOut && cancellation.IsCancellationRequested,
        };
    }

    /// <summary>Stops a process and its children at once (SIGKILL), if it is still running.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    private static void Start(Process process, ProcessSpec spec)
    {
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ProcessStartException($"cannot start '{spec.FileName}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A redirected stream of a child process as a plain file stream over the same pipe, whose reads and writes are
    /// plain system calls: <see cref="Process"/>'s own pipe streams set up the runtime's socket engine on their first
    /// read, even a blocking one (about 9 ms of CPU once per process), which blocking calls need not pay. The process
    /// still owns the pipe and closes it; this one must be done with before.
    /// </summary>
    public static Stream Plain(Stream redirected, FileAccess access) => redirected is PipeStream pipe
        ? new FileStream(new SafeFileHandle(pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false), access, bufferSize: 0)
        : redirected;

    /// <summary>Each line and a newline, as <see cref="Process.BeginOutputReadLine"/> hands them to <see cref="RunAsync"/>.</summary>
    private static void CollectLines(StreamReader redirected, StringBuilder buffer)
    {
        using var reader = new StreamReader(Plain(redirected.BaseStream, FileAccess.Read), redirected.CurrentEncoding);
        while (reader.ReadLine() is { } line)
        {
            buffer.Append(line).Append('\n');
        }
    }

    private static void Collect(string? line, StringBuilder buffer, Action<string>? observer)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.Append(line).Append('\n');
        }

        observer?.Invoke(line);
    }

    private static async Task FeedStandardInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input; nothing to do.
        }
    }
}

public sealed class ProcessStartException(string message, Exception inner) : Exception(message, inner);
