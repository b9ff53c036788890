using Cake.Core;
using Cake.Core.Annotations;
using Orchestrator.Pipeline;

namespace Cake.Orchestrator;

/// <summary>
/// Runs a plan of coding tasks from a Cake build: the whole pipeline, or one phase as a task of your own build. Each
/// alias runs the same engine as the command line, logs through Cake's log, and throws a <see cref="CakeException"/>
/// with the command line's one-line message when the run fails; Ctrl-C stops running agents gracefully.
/// </summary>
[CakeAliasCategory("Orchestrator")]
public static class OrchestratorAliases
{
    /// <summary>Runs the pipeline up to <see cref="OrchestratorSettings.Target"/> (default: every phase, up to Merge).</summary>
    [CakeMethodAlias]
    [CakeNamespaceImport("Cake.Orchestrator")]
    [CakeNamespaceImport("Orchestrator.Runs")]
    public static OrchestratorResult OrchestratorRun(this ICakeContext context, OrchestratorSettings settings)
    {
        var invocation = new AliasInvocation(context);
        return invocation.Run(invocation.Request(settings, target: null));
    }

    /// <summary>
    /// Runs one phase (name or number) on the run saved in <see cref="OrchestratorSettings.Artifacts"/>, its settings
    /// restored, or starts a new run when there is none: what <c>--only-phase</c> does.
    /// </summary>
    [CakeMethodAlias]
    [CakeNamespaceImport("Cake.Orchestrator")]
    [CakeNamespaceImport("Orchestrator.Runs")]
    public static OrchestratorResult OrchestratorPhase(this ICakeContext context, string phase, OrchestratorSettings settings)
    {
        var invocation = new AliasInvocation(context);
        return invocation.Run(invocation.Request(settings, Targets.Default, phase));
    }

    /// <summary>Logs where the latest run stands: phases, tasks, worktrees and branches (the Status target).</summary>
    [CakeMethodAlias]
    public static void OrchestratorStatus(this ICakeContext context, OrchestratorSettings settings)
    {
        var invocation = new AliasInvocation(context);
        invocation.Maintain(invocation.Request(settings, Targets.Status));
    }

    /// <summary>Removes a run's worktrees, and with <see cref="OrchestratorSettings.All"/> its branches (the Cleanup target).</summary>
    [CakeMethodAlias]
    public static void OrchestratorCleanup(this ICakeContext context, OrchestratorSettings settings)
    {
        var invocation = new AliasInvocation(context);
        invocation.Maintain(invocation.Request(settings, Targets.Cleanup));
    }

    /// <summary>The latest run saved in <paramref name="artifacts"/> (relative to the working directory), typed.</summary>
    [CakeMethodAlias]
    [CakeNamespaceImport("Orchestrator.Pipeline")]
    public static SavedRun OrchestratorState(this ICakeContext context, string artifacts)
    {
        var path = Path.GetFullPath(artifacts, context.Environment.WorkingDirectory.FullPath);
        return SavedRun.Load(path) ?? throw new CakeException($"no saved run in {Path.Combine(path, "phase-state")}");
    }
}
