using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Pipeline;

/// <summary>The services one run's phases share: made once per invocation, handed to each phase in its context.</summary>
internal sealed class RunServices(PreparedRun run, IRunLog log, IRunEvents events)
{
    public GitCli Git { get; } = new(run.Settings.RepoPath!);

    public Worktrees Worktrees { get; } = new(new GitCli(run.Settings.RepoPath!));

    public TaskJournal Journal { get; } = new(run.Layout.StateDirectory);

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
        Agents = Agents,
        SourcePlan = run.Plan,
        Outputs = outputs,
    };

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
