using System.Reflection;
using System.Text;
using Orchestrator.Pipeline;
using Orchestrator.Runs;

namespace Orchestrator.Cli;

/// <summary>The text <c>--help</c> prints: targets, flags in the README's groups, three examples.</summary>
internal static class Usage
{
    public static string Text(IReadOnlyList<PhaseDeclaration> phases)
    {
        var text = new StringBuilder();
        text.AppendLine($"orchestrator {VersionText()} - runs a plan of coding tasks with parallel agents, as Cake targets");
        text.AppendLine();
        text.AppendLine("Usage: ./build.sh [--target=<target>] [flags]   (no flags: the bundled sample, end to end)");
        text.AppendLine();
        text.AppendLine("Targets (each runs the phases before it too):");
        foreach (var phase in phases)
        {
            text.AppendLine($"  {phase.Number} {phase.Name,-20} {phase.Description}");
        }

        text.AppendLine($"    {Targets.Default,-20} all phases (the default)");
        text.AppendLine($"    {Targets.Status,-20} where the latest run stands");
        text.AppendLine($"    {Targets.Cleanup,-20} remove a run's worktrees (and branches with --all)");
        text.AppendLine($"    {Targets.Report,-20} the latest run's HTML report, made again from its saved state");
        text.AppendLine($"    {Targets.GenerateWorkflow,-20} write .github/workflows/orchestrator.yml: the plan fanned out over GitHub Actions");
        text.AppendLine($"    {HostOptions.ServeTarget,-20} the dashboard and its control API over --artifacts, until stopped");
        foreach (var group in new Flags().Every.GroupBy(f => f.Group))
        {
            text.AppendLine().AppendLine($"{group.Key}:");
            foreach (var flag in group)
            {
                var names = string.Join(", ", flag.Option.Aliases.Reverse().Prepend(flag.Option.Name).Distinct());
                var value = flag.Option.ValueType == typeof(bool) ? "" : "=<value>";
                text.AppendLine($"  {names + value,-38} {flag.Option.Description}");
            }
        }

        text.AppendLine();
        text.AppendLine("Examples:");
        text.AppendLine("  ./build.sh --repo-path=~/src/app --plan=specs/001-x/tasks.md --agent=claude -c 4 --test-command=\"npm test\"");
        text.AppendLine("  ./build.sh --resume                       # go on after a stop or a crash, with the saved settings");
        text.AppendLine("  ./build.sh --stop-after-phase=1 ...; ./build.sh --only-phase=Planning   # one phase at a time");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 done, 1 a phase or task failed, 2 bad input, 130 cancelled (--resume goes on).");
        return text.ToString();
    }

    public static string VersionText()
    {
        var assembly = typeof(Usage).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        return version.Split('+')[0];
    }
}
