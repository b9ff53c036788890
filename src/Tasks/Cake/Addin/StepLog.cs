using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.Orchestrator;

/// <summary>
/// The report printer of an alias's own engine: the phases run inside a task of the user's build, so they get a line
/// each rather than Cake's task banners, and the user's build prints the one task report.
/// </summary>
internal sealed class StepLog(ICakeLog log) : ICakeReportPrinter
{
    public void Write(CakeReport report)
    {
    }

    public void WriteStep(string name, Verbosity verbosity) => log.Information("Orchestrator: {0}", name);

    public void WriteLifeCycleStep(string name, Verbosity verbosity)
    {
    }

    public void WriteSkippedStep(string name, Verbosity verbosity) => log.Verbose("Orchestrator: {0} (skipped)", name);
}
