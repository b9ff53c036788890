using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>The services one run's phases share: made once per invocation, handed to each phase in its context.</summary>
internal sealed class RunServices
{
    private readonly PreparedRun run;
    private readonly IRunLog log;
    private readonly IRunEvents events;
    private readonly TaskCancellations cancellations;

    public RunServices(PreparedRun run, IRunLog log, IRunEvents events, TaskCancellations cancellations)
    {
        this.cancellations = cancellations;
        this.run = run;
        this.log = log;
        this.events = events;
        Git = new GitCli(run.Settings.RepoPath!);
        Worktrees = new Worktrees(Git, run.Layout.Deletion);
        Journal = new TaskJournal(run.Layout.StateDirectory);
        Guard = GuardOf(run, Worktrees, log);
        Agents = new AgentFactory(AgentOptionsOf(run.Settings, run.Layout), log);
        BaseListing = new TreeListing(Git, run.Settings.BaseCommit!);
    }

    public GitCli Git { get; }

    public TreeListing BaseListing { get; }

    public Worktrees Worktrees { get; }

    public TaskJournal Journal { get; }

    public OutsideChangeGuard Guard { get; }

    public AgentFactory Agents { get; }

    /// <summary>The run's other machines, at its remote; null when it runs here only.</summary>
    public IRemoteTasks? Remote { get; init; }

    public PhaseContext ContextFor(IPhaseOutputs outputs) => new()
    {
        RunId = run.RunId,
        BaseCommit = run.Settings.BaseCommit!,
        BaseTree = run.BaseTree,
        Settings = run.Settings,
        Layout = run.Layout,
        Log = log,
        Events = events,
        Cancellations = cancellations,
        Git = Git,
        BaseListing = BaseListing,
        Worktrees = Worktrees,
        Journal = Journal,
        Guard = Guard,
        Agents = Agents,
        SourcePlan = run.Plan,
        Outputs = outputs,
        Remote = Remote,
    };

    private static OutsideChangeGuard GuardOf(PreparedRun run, Worktrees worktrees, IRunLog log)
    {
        // Processes an agent leaves behind are re-parented to us, where the end of its task finds and stops them.
        Processes.Subreaper.Enable();
        var places = new GuardedPlaces(
            run.Layout.Artifacts, run.Layout.WorktreesDirectory, run.Layout.QuarantineDirectory, ["refs/heads/" + run.Layout.IntegrationBranch]);
        return new OutsideChangeGuard(worktrees, places, log);
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
