namespace Orchestrator.Processes;

/// <summary>
/// Checks a command line's shell syntax without running it (<c>sh -n -c</c>): an unbalanced quote or a stray
/// <c>)</c> is found before any task starts, the same way the shell would read the line.
/// </summary>
public static class ShellSyntax
{
    /// <summary>The shell's complaint about <paramref name="commandLine"/>, or null when it parses.</summary>
    public static async Task<string?> ProblemAsync(string commandLine, CancellationToken cancellation)
    {
        if (commandLine.Contains('\0'))
        {
            return "it holds a NUL character";
        }

        var check = await ChildProcess.RunAsync(new ProcessSpec("sh", ["-n", "-c", commandLine]), cancellation);
        if (check.ExitCode == 0)
        {
            return null;
        }

        var complaint = check.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return complaint is null ? $"sh -n exit {check.ExitCode}" : complaint.Replace("sh: ", "", StringComparison.Ordinal);
    }
}
