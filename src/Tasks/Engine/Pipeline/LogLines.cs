using Cake.Core.Diagnostics;

namespace Orchestrator.Phases;

/// <summary>Plain-text log lines: Cake's log methods take format strings, and task text may contain braces.</summary>
public static class LogLines
{
    public static void InfoLine(this ICakeLog log, string text) => log.Information("{0}", text);

    public static void WarningLine(this ICakeLog log, string text) => log.Warning("{0}", text);

    public static void ErrorLine(this ICakeLog log, string text) => log.Error("{0}", text);

    public static void VerboseLine(this ICakeLog log, string text) => log.Verbose("{0}", text);
}
