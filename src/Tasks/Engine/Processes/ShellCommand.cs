namespace Orchestrator.Processes;

/// <summary>
/// A command line people wrote (<c>--agent-command</c>, a task's <c>command</c> or <c>check</c>,
/// <c>--test-command</c>, <c>--task-check-command</c>), run the way a Makefile recipe or a CI <c>run:</c> step is: the
/// whole line given to the shell as one argument, <c>sh -c</c> on Unix and PowerShell (<c>pwsh</c>, else Windows
/// PowerShell) on Windows. Whatever the run knows about a task reaches the line only through the environment.
/// </summary>
public static class ShellCommand
{
    /// <summary>The shell's program on this machine: <c>sh</c>, or on Windows <c>pwsh</c> when it is on PATH, else <c>powershell</c>.</summary>
    public static string Shell => OperatingSystem.IsWindows() ? ProgramLookup.Find("pwsh") is not null ? "pwsh" : "powershell" : "sh";

    /// <summary>The process that runs <paramref name="commandLine"/> in the shell; the caller adds directory, environment, timeout.</summary>
    public static ProcessSpec For(string commandLine) => OperatingSystem.IsWindows()
        ? new ProcessSpec(Shell, ["-NoProfile", "-NonInteractive", "-Command", commandLine])
        : new ProcessSpec(Shell, ["-c", commandLine]);

    /// <summary>How the line is run, for logs: <c>sh -c 'make test'</c>.</summary>
    public static string Describe(string commandLine) => For(commandLine).ToString();
}
