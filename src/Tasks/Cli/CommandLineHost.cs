using Orchestrator.CakeAdapter;
using Orchestrator.Cli.Serving;
using Orchestrator.Cli.Watch;
using Orchestrator.Pipeline;
using Orchestrator.Reporting;
using Orchestrator.Runs;
using Orchestrator.Serve;
using Orchestrator.State;

namespace Orchestrator.Cli;

/// <summary>
/// The command line as a function: arguments and writers in, Cake's engine running the pipeline, an exit code out. The
/// program (build/), the .NET tool and in-process specs all call this; only the program wires the real console and signals.
/// </summary>
public static class CommandLineHost
{
    public const int Cancelled = RunFailure.Cancelled;

    public static Task<int> RunAsync(IReadOnlyList<string> args, HostIO io, CancellationToken cancellation) =>
        RunAsync(args, io, cancellation, attachment: null);

    /// <param name="attachment">For a run the dashboard started: its event hub and task cancellations.</param>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args, HostIO io, CancellationToken cancellation, RunAttachment? attachment)
    {
        var phases = PhaseCatalog.Standard();
        var declarations = phases.Select(p => p.Declaration).ToList();
        HostOptions options;
        try
        {
            options = HostCommandLine.Parse(args, io.Input.ReadToEnd, io.WorkingDirectory, declarations);
        }
        catch (InputException ex)
        {
            return BadInput(io, ex);
        }

        if (options.Help || options.Version)
        {
            io.Output.Write(options.Help ? Usage.Text(declarations) : Usage.VersionText() + Environment.NewLine);
            return 0;
        }

        if (options.ServesOnly)
        {
            return await ServeAsync(options, io, declarations, cancellation);
        }

        await using var watch = RunWatch.For(options, io);
        var cake = CakeHost.Create(options.Verbosity, options.LogToStandardError, io, watch.CakeConsole);
        var log = new CakeRunLog(cake.Log);
        RunNotifications notifications;
        DashboardHost? dashboard = null;
        LiveRun? live = null;
        try
        {
            notifications = RunNotifications.For(options, io, log);
            if (options.Serve && options.RunsPhases && attachment is null)
            {
                dashboard = await DashboardHost.StartAsync(options, io, declarations, cancellation);
                live = dashboard.Attach(cancellation);
                attachment = new RunAttachment(dashboard.Hub, live.Tasks);
                cancellation = live.Stopping;
            }
        }
        catch (InputException ex)
        {
            return BadInput(io, ex);
        }

        await using var notified = notifications;
        await using var served = dashboard;
        using var attached = live;
        notifications.Notifiers.ForEach(watch.Add);
        if (attachment is not null)
        {
            watch.Add(attachment.Events);
        }

        var ended = new TaskCompletionSource<RunExit>();
        if (live is not null)
        {
            live.Completion = ended.Task;
        }

        watch.Start(log);
        RunPipeline? pipeline = null;
        try
        {
            var request = options.UseSample && !options.ShowsOnly
                ? await SampleRepository.PrepareAsync(options.Run, cancellation)
                : options.Run;
            pipeline = new RunPipeline(request, log, phases, watch, attachment?.Tasks);
            CakePipeline.Register(cake.Engine, pipeline, log, cancellation);
            var host = cake.ScriptHostFor(options, io);
            if (options.RunsPhases)
            {
                await pipeline.PrepareAsync(cancellation);
            }

            if (options.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            await host.RunTargetAsync(options.CakeTarget);
            if (options.Run.Emit is { } format && pipeline.IsPrepared)
            {
                io.Output.Write(pipeline.Emit(format));
            }

            var exitCode = pipeline.Failures.Count > 0 ? 1 : 0;
            await FinishAsync(options, pipeline, watch, log, io, exitCode == 0, stopped: false);
            ended.TrySetResult(new RunExit(exitCode, null));
            return exitCode;
        }
        catch (Exception ex)
        {
            var (exitCode, message) = RunFailure.Classify(ex, cancellation.IsCancellationRequested);
            await watch.StopAsync();
            io.Error.WriteLine($"error: {message}");
            if (options.Verbosity >= Cake.Core.Diagnostics.Verbosity.Diagnostic)
            {
                io.Error.WriteLine(ex);
            }

            if (exitCode != InputException.ExitCode)
            {
                await FinishAsync(options, pipeline, watch, log, io, success: false, stopped: exitCode == Cancelled);
            }

            ended.TrySetResult(new RunExit(exitCode, message));
            return exitCode;
        }
        finally
        {
            pipeline?.Dispose();
        }
    }

    /// <summary><c>--target=Serve</c>: the dashboard alone, until stopped.</summary>
    private static async Task<int> ServeAsync(HostOptions options, HostIO io, IReadOnlyList<PhaseDeclaration> declarations, CancellationToken cancellation)
    {
        try
        {
            return await DashboardHost.ServeAsync(options, io, declarations, cancellation);
        }
        catch (InputException ex)
        {
            return BadInput(io, ex);
        }
    }

    /// <summary>Bad input: one line, exit code 2.</summary>
    private static int BadInput(HostIO io, InputException ex)
    {
        io.Error.WriteLine($"error: {ex.Message}");
        return InputException.ExitCode;
    }

    /// <summary>The report, the closing line in words, and the result object for <c>--json</c>.</summary>
    private static async Task FinishAsync(HostOptions options, RunPipeline? pipeline, RunWatch watch, IRunLog log, HostIO io, bool success, bool stopped)
    {
        if (pipeline is not { IsPrepared: true })
        {
            return;
        }

        await watch.StopAsync();
        if (RunReports.WriteAtEnd(pipeline.State!, pipeline.Request.ArtifactsPath, pipeline.Declarations, log) is { } picture)
        {
            try
            {
                watch.Finish(picture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.Warning($"the CI step summary was not written: {ex.Message}");
            }
        }

        log.Info(pipeline.End(success, stopped));
        if (options.Json)
        {
            io.Output.WriteLine(StateJson.Serialize(pipeline.Summarize(success && pipeline.Failures.Count == 0)));
        }
    }
}
