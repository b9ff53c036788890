using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>The services one run's phases share: made once per invocation, handed to each phase in its context.</summary>
internal sealed class RunServices(PreparedRun run, IRunLog log, IRunEvents events)
{
    public GitCli Git { get; } = new(run.Settings.RepoPath!);

    public Worktrees Worktrees { get; } = new(new GitCli(run.Settings.RepoPath!), run.Layout.Deletion);

    public TaskJournal Journal { get; } = new(run.Layout.StateDirectory);

    public OutsideChangeGuard Guard { get; } = GuardOf(run, log);

    public AgentFactory Agents { get; } = new(AgentOptionsOf(run.Settings, run.Layout), log);

    public PhaseContext ContextFor(IPhaseOutputs outputs) => new()
    {
        RunId = run.RunId,
        BaseCommit = run.Settings.BaseCommit!,
        Settings = run.Settings,
        Layout = run.Layout,
        Log = log,
        Events = events,
        Git = Git,
        Worktrees = Worktrees,
        Journal = Journal,
        Guard = Guard,
        Agents = Agents,
        SourcePlan = run.Plan,
        Outputs = outputs,
    };

    private static OutsideChangeGuard GuardOf(PreparedRun run, IRunLog log)
    {
        // Processes an agent leaves behind are re-parented to us, where the end of its task finds and stops them.
        Processes.Subreaper.Enable();
        var places = new GuardedPlaces(
            run.Layout.Artifacts, run.Layout.WorktreesDirectory, run.Layout.QuarantineDirectory, ["refs/heads/" + run.Layout.IntegrationBranch]);
        return new OutsideChangeGuard(new Worktrees(new GitCli(run.Settings.RepoPath!), run.Layout.Deletion), places, log);
    }

    public static AgentOptions AgentOptionsOf(RunSettings settings, RunLayout layout) => new()
    {
        AgentCommand = settings.AgentCommand,
        AgentPath = settings.AgentPath,
        AgentArgs = settings.AgentArgs,
        AgentModel = settings.AgentModel,
        RepoPath = settings.RepoPath,
        CompletionsDirectory = layout.CompletionsDirectory,
        PlanPath = settings.PlanPath,
    };
}
