using System.Runtime.InteropServices;

namespace Orchestrator.Processes;

/// <summary>
/// Makes this process a child subreaper (Linux <c>prctl(PR_SET_CHILD_SUBREAPER)</c>): a process an agent started and
/// left behind, double-forked or <c>setsid</c>, is re-parented to us rather than to init, so it stays where
/// <see cref="TaskProcesses"/> can find and stop it.
/// </summary>
public static class Subreaper
{
    private const int PrSetChildSubreaper = 36;

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, nint arg2, nint arg3, nint arg4, nint arg5);

    /// <summary>Turns it on (idempotent); false where the system has no such thing.</summary>
    public static bool Enable() => OperatingSystem.IsLinux() && prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;
}
