using Cake.Core;
using Orchestrator.Phases;
using Orchestrator.State;

namespace Orchestrator.Build;

/// <summary>The console host: command line in, Cake's engine running the pipeline, an exit code out.</summary>
public static class OrchestratorHost
{
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string[] args, Func<string> readStandardInput)
    {
        HostOptions options;
        try
        {
            options = HostCommandLine.Parse(args, readStandardInput);
        }
        catch (InputException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return InputException.ExitCode;
        }

        var cake = CakeHost.Create(options.Verbosity, options.Run.Json);
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                cancellation.Cancel();
            });
        Pipeline? pipeline = null;
        try
        {
            var run = options.UseSample && !options.Tree && !options.Description && !options.DryRun
                ? await SampleRepository.PrepareAsync(options.Run)
                : options.Run;
            pipeline = new Pipeline(run, cake.Log, cancellation.Token);
            var host = cake.ScriptHostFor(options);
            pipeline.Register(cake.Engine);
            if (!options.Tree && !options.Description && !options.DryRun)
            {
                await pipeline.PrepareAndLockAsync(options.Target);
            }

            if (options.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            await host.RunTargetAsync(options.Target);
            var exitCode = pipeline.Failures.Count > 0 ? 1 : 0;
            WriteJsonResult(options, pipeline, exitCode == 0);
            return exitCode;
        }
        catch (Exception ex)
        {
            var (exitCode, message) = Classify(ex, cancellation.IsCancellationRequested);
            Console.Error.WriteLine($"error: {message}");
            if (options.Verbosity >= Cake.Core.Diagnostics.Verbosity.Diagnostic)
            {
                Console.Error.WriteLine(ex);
            }

            WriteJsonResult(options, pipeline, success: false);
            return exitCode;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static (int ExitCode, string Message) Classify(Exception ex, bool cancelled)
    {
        var root = ex;
        while (root is AggregateException or CakeReportException or System.Reflection.TargetInvocationException
               && root.InnerException is not null)
        {
            root = root.InnerException!;
        }

        return root switch
        {
            InputException input => (InputException.ExitCode, input.Message),
            OperationCanceledException when cancelled => (Cancelled, "cancelled; run again with the same artifacts to go on"),
            PhaseFailedException failed => (failed.ExitCode, failed.Message),
            _ => (1, root.Message),
        };
    }

    private static void WriteJsonResult(HostOptions options, Pipeline? pipeline, bool success)
    {
        if (options.Run.Json && pipeline is { IsPrepared: true })
        {
            Console.Out.WriteLine(StateJson.Serialize(pipeline.Summarize(success && pipeline.Failures.Count == 0)));
        }
    }
}
