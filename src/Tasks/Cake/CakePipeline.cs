using Cake.Core;
using Orchestrator.Pipeline;
using Orchestrator.Reporting;
using Orchestrator.Runs;

namespace Orchestrator.CakeAdapter;

/// <summary>
/// The adapter: each declared phase becomes a task on Cake's own engine, depending on the phases it declares it runs
/// after (as Frosting turns <c>[TaskName]</c>/<c>[IsDependentOn]</c> into tasks), plus Default, Status and Cleanup. The
/// pipeline decides; Cake schedules, runs and reports.
/// </summary>
public static class CakePipeline
{
    /// <summary>The host prepares the run (<see cref="RunPipeline.PrepareAsync"/>) before Cake runs a phase target.</summary>
    public static void Register(ICakeEngine engine, RunPipeline pipeline, IRunLog log, CancellationToken cancellation)
    {
        foreach (var phase in pipeline.Declarations)
        {
            var task = engine.RegisterTask(phase.Name)
                .Description($"Phase {phase.Number}: {phase.Description}")
                .WithCriteria(_ => !pipeline.IsSkippedByRequest(phase), "skipped by --skip-phases")
                .WithCriteria(_ => pipeline.IsTarget(phase) || pipeline.SkipReason(phase) is null, "carried over from the saved run")
                .Does(() => RunAsync(pipeline, phase, log, cancellation))
                .OnError(exception =>
                {
                    // A phase that failed but lets the run go on is reported Failed by Cake; anything else still stops it.
                    if (exception is not PhaseWentOnFailingException)
                    {
                        throw exception;
                    }
                });
            foreach (var before in phase.After)
            {
                task.IsDependentOn(before);
            }
        }

        engine.RegisterTask(Targets.Default).Description($"All phases (same as {pipeline.Last.Name})").IsDependentOn(pipeline.Last.Name);
        engine.RegisterTask(Targets.Status).Description("Where the latest run stands: phases, tasks, worktrees and branches")
            .Does(() => RunStatus.PrintAsync(pipeline.Request, pipeline.Declarations, log, cancellation));
        engine.RegisterTask(Targets.Cleanup)
            .Description("Remove a run's worktrees (--run=<id>, --older-than=<days>; --all: its branches, --include-result: its result)")
            .Does(() => RunCleanup.RunAsync(pipeline.Request, log, cancellation));
        engine.RegisterTask(Targets.Report).Description("The latest run's HTML report made again from its saved state (reports/<run-id>.html, report.html)")
            .Does(() => RunReports.RebuildAsync(pipeline.Request, pipeline.Declarations, log, cancellation));
        engine.RegisterTask(Targets.GenerateWorkflow)
            .Description($"Write {Distribution.GitHubWorkflow.RelativePath}: the plan fanned out over GitHub Actions (see README \"Running across machines\")")
            .Does(() => WorkflowGeneration.RunAsync(pipeline.Request, log, cancellation));
        engine.RegisterTaskTeardownAction(context =>
        {
            if (context.Skipped && pipeline.Find(context.Task.Name) is { } phase && phase.Name == context.Task.Name
                && pipeline.IsPrepared && pipeline.IsSkippedByRequest(phase))
            {
                pipeline.RecordSkipped(phase);
            }
        });
    }

    private static async Task RunAsync(RunPipeline pipeline, PhaseDeclaration phase, IRunLog log, CancellationToken cancellation)
    {
        if (pipeline.SkipReason(phase) is { } reason)
        {
            log.Info($"{phase.Name}: {reason}");
            return;
        }

        if (!await pipeline.RunPhaseAsync(phase.Name, cancellation))
        {
            throw new PhaseWentOnFailingException(phase.Name);
        }
    }
}

/// <summary>A phase failed under <see cref="FailurePolicy.RunGoesOn"/>: Cake marks its task Failed and runs the next.</summary>
public sealed class PhaseWentOnFailingException(string phase) : Exception($"{phase} failed; the run goes on");
