using Orchestrator.Agents;
using Orchestrator.Git;
using Orchestrator.Merge;
using Orchestrator.Planning;
using Orchestrator.Processes;
using Orchestrator.Runs;

namespace Orchestrator.Pipeline;

/// <summary>
/// What can be checked before the first phase runs, is: agent names, the programs of the agents and commands that will
/// run, each phase's inputs, the branch --merge-into names. A mistake is one line, exit 2, and nothing written.
/// </summary>
internal sealed class RunChecks(
    PreparedRun run, IReadOnlyList<PhaseDeclaration> all, IReadOnlyList<PhaseDeclaration> toRun, PhaseOutputs outputs, IRunLog log)
{
    // Command lines already found to parse: a plan's tasks often share one.
    private readonly HashSet<string> _parsed = new(StringComparer.Ordinal);

    public async Task CheckAsync(CancellationToken cancellation)
    {
        CheckInputs();
        var snapshot = Runs(PlanningPhase.Output.Phase) ? null : outputs.Find(PlanningPhase.Output);
        CheckAgentNames(snapshot);
        if (Runs(Execution.ParallelExecutionPhase.Output.Phase))
        {
            await CheckAgentProgramsAsync(snapshot, cancellation);
        }

        if (Runs(Quorum.QuorumValidationPhase.Output.Phase))
        {
            run.Settings.QuorumAgents.ToList().ForEach(agent => CheckCliProgram(agent, "--quorum-agents"));
        }

        if (Runs(MergePhase.Output.Phase))
        {
            await CheckCommandAsync(run.Settings.TestCommand, "--test-command", cancellation);
            if (run.Settings.MergeInto is { } branch)
            {
                await BranchFastForward.ValidateAsync(new GitCli(run.Settings.RepoPath!), branch, cancellation);
            }
        }
    }

    private bool Runs(string phase) => toRun.Any(p => p.Name == phase);

    /// <summary>Each phase to run finds its required inputs: saved, or made by a phase that runs before it.</summary>
    private void CheckInputs()
    {
        foreach (var phase in toRun)
        {
            if (phase.NeedsPlan && run.Plan is null)
            {
                throw new InputException($"{phase.Title} needs a plan: pass --plan=FILE (a tasks.md or a .json plan)");
            }

            foreach (var input in phase.Reads.Where(i => i.Required))
            {
                var producer = all.Single(p => p.Name == input.Phase);
                if (!toRun.TakeWhile(p => p != phase).Contains(producer) && !outputs.Has(input.Phase))
                {
                    throw MissingInput(phase, producer);
                }
            }
        }
    }

    private void CheckAgentNames(PlanningOutput? snapshot)
    {
        var named = AgentRoster.Names(run.Settings.Agent).Select(n => (Name: n, Where: "--agent"))
            .Concat(run.Settings.QuorumAgents.Select(n => (Name: n, Where: "--quorum-agents")))
            .Concat((run.Plan?.Tasks ?? []).Where(t => t.Agent is not null).Select(t => (Name: t.Agent!, Where: $"task {t.Id}")))
            .Concat((snapshot?.Tasks ?? []).Where(t => t.Agent is not null).Select(t => (Name: t.Agent!, Where: $"task {t.Id}")));
        if (named.FirstOrDefault(n => !AgentCatalog.IsKnown(n.Name)) is { Name: not null } unknown)
        {
            throw new InputException($"{unknown.Where}: unknown agent '{unknown.Name}' (known: {string.Join(", ", AgentCatalog.Known)})");
        }

        if (snapshot is not null && run.Settings.Agent != snapshot.Tasks.FirstOrDefault()?.Agent
            && snapshot.Tasks.Any(t => !AgentRoster.Names(run.Settings.Agent).Contains(t.Agent)))
        {
            log.Warning($"--agent={run.Settings.Agent}: tasks keep the agents Planning assigned; run --only-phase=Planning to assign again");
        }
    }

    /// <summary>The programs of the agents the pending tasks will run with.</summary>
    private async Task CheckAgentProgramsAsync(PlanningOutput? snapshot, CancellationToken cancellation)
    {
        var tasks = (snapshot?.Tasks.Select(t => (t.Id, t.Agent, t.Command, t.Check, ToDo: t.Status == "pending"))
            ?? (run.Plan?.Tasks ?? []).Select((t, i) => (t.Id, Agent: (string?)AgentRoster.Pick(t.Agent ?? run.Settings.Agent, i), t.Command, t.Check, t.ToDo)))
            .Where(t => t.ToDo).ToList();
        if (tasks.Count > 0)
        {
            await CheckCommandAsync(run.Settings.TaskCheckCommand, "--task-check-command", cancellation);
            var setup = RepositoryConfig.Load(run.Settings.RepoPath);
            await CheckCommandAsync(run.Settings.SetupCommand ?? setup.SetupCommand,
                run.Settings.SetupCommand is null ? $"setup_command in {RepositoryConfig.File}" : "--setup-command", cancellation);
        }

        foreach (var task in tasks)
        {
            await CheckCommandAsync(task.Check, $"task {task.Id} check", cancellation);
            var agent = task.Agent ?? run.Settings.Agent;
            if (agent != "command")
            {
                CheckCliProgram(agent, "--agent");
                continue;
            }

            if (task.Command is { } own)
            {
                await CheckCommandAsync(own, $"task {task.Id} command", cancellation);
            }
            else if (run.Settings.AgentCommand is null)
            {
                throw new InputException(
                    $"--agent-command: the command agent needs a program to run (task {task.Id} has no \"command\" of its own)");
            }
            else
            {
                await CheckCommandAsync(run.Settings.AgentCommand, "--agent-command", cancellation);
            }
        }
    }

    private void CheckCliProgram(string agent, string flag)
    {
        if (AgentCatalog.ProgramOf(agent, RunServices.AgentOptionsOf(run.Settings, run.Layout)) is { } program && ProgramLookup.Find(program) is null)
        {
            throw new InputException($"{flag}: the {agent} agent's program '{program}' was not found (set --agent-path or {AgentSettings.ConfigFile})");
        }
    }

    /// <summary>A command line that parses as shell (checked once, never run) and whose program exists.</summary>
    private async Task CheckCommandAsync(string? commandLine, string what, CancellationToken cancellation)
    {
        if (commandLine is not null && _parsed.Add(commandLine) && await ShellSyntax.ProblemAsync(commandLine, cancellation) is { } syntax)
        {
            throw new InputException($"{what}: not a valid shell command line ({syntax})");
        }

        if (commandLine is not null && ProgramLookup.FirstProgram(commandLine) is { } program && ProgramLookup.Find(program) is null)
        {
            throw new InputException($"{what}: '{program}' was not found on PATH");
        }
    }

    public static InputException MissingInput(PhaseDeclaration consumer, PhaseDeclaration producer) => new(
        $"{consumer.Title} needs the result of {producer.Title}: run --target={producer.Name} first or pass --load-phase-state=FILE");
}
