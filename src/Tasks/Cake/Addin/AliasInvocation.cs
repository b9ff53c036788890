using Cake.Core;
using Orchestrator;
using Orchestrator.CakeAdapter;
using Orchestrator.Pipeline;
using Orchestrator.Reporting;
using Orchestrator.Runs;

namespace Cake.Orchestrator;

/// <summary>
/// One alias call: the request made from the settings, the standard phases registered by the adapter on a CakeEngine of
/// the alias's own (so the phases run, skip and carry over exactly as on the command line), Ctrl-C and SIGTERM hooked
/// for the call, and a failure turned into the command line's one line.
/// </summary>
internal sealed class AliasInvocation(ICakeContext context)
{
    private readonly IReadOnlyList<IPhase> _phases = PhaseCatalog.Standard();

    private IReadOnlyList<PhaseDeclaration> Phases => [.. _phases.Select(p => p.Declaration)];

    /// <param name="target">A maintenance target, or null for the phase <see cref="OrchestratorSettings.Target"/> names.</param>
    public RunRequest Request(OrchestratorSettings settings, string? target, string? onlyPhase = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return OrchestratorRequest.From(settings, context.Environment.WorkingDirectory.FullPath, Phases, target, onlyPhase);
        }
        catch (InputException ex)
        {
            throw new CakeException(ex.Message);
        }
    }

    public OrchestratorResult Run(RunRequest request)
    {
        var report = Drive(request);
        return OrchestratorResult.Of(SavedRun.Load(request.ArtifactsPath, Phases)
            ?? throw new CakeException($"no saved run in {request.ArtifactsPath}"), report);
    }

    /// <summary>Status or Cleanup: no run is prepared.</summary>
    public void Maintain(RunRequest request) => Drive(request);

    /// <returns>The path of the run's HTML report, written as the command line writes it; null when none was.</returns>
    private string? Drive(RunRequest request)
    {
        var log = new CakeRunLog(context.Log);
        using var stop = new StopSignals();
        using var pipeline = new RunPipeline(request, log, _phases);
        var engine = new CakeEngine(new CakeDataService(), context.Log);
        CakePipeline.Register(engine, pipeline, log, stop.Token);
        var target = request.OnlyPhase ?? request.Target;
        var execution = new ExecutionSettings().SetTarget(target);
        if (request.OnlyPhase is not null)
        {
            execution.UseExclusiveTarget();
        }

        try
        {
            if (!pipeline.IsMaintenance)
            {
                pipeline.PrepareAsync(stop.Token).GetAwaiter().GetResult();
            }

            engine.RunTargetAsync(context, new DefaultExecutionStrategy(context.Log, new StepLog(context.Log)), execution).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            var (exitCode, message) = RunFailure.Classify(ex, stop.Token.IsCancellationRequested);
            if (exitCode != InputException.ExitCode && pipeline.IsPrepared)
            {
                WriteReport(pipeline, log);
                log.Info(pipeline.Outcome(stopped: exitCode == RunFailure.Cancelled));
            }

            throw new CakeException(message);
        }

        if (!pipeline.IsPrepared)
        {
            return null;
        }

        var report = WriteReport(pipeline, log);
        var outcome = pipeline.Outcome(stopped: false);
        log.Info(outcome);
        return pipeline.Failures.Count > 0 ? throw new CakeException(outcome) : report;
    }

    private static string? WriteReport(RunPipeline pipeline, IRunLog log) =>
        RunReports.WriteAtEnd(pipeline.State!, pipeline.Request.ArtifactsPath, pipeline.Declarations, log) is { } picture
            ? new RunLayout(pipeline.Request.ArtifactsPath, picture.RunId).ReportFile
            : null;
}
