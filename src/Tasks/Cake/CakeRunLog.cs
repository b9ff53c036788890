using Cake.Core.Diagnostics;

namespace Orchestrator.CakeAdapter;

/// <summary>The run's log lines through Cake's log, at Cake's verbosity. Lines are passed as arguments: task text may hold braces.</summary>
public sealed class CakeRunLog(ICakeLog log) : IRunLog
{
    public void Info(string line) => log.Information("{0}", line);

    public void Warning(string line) => log.Warning("{0}", line);

    public void Error(string line) => log.Error("{0}", line);

    public void Verbose(string line) => log.Verbose("{0}", line);
}
