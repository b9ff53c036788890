namespace Orchestrator.Processes;

/// <summary>Whether a program can be started: a path that exists, or a bare name found on PATH.</summary>
public static class ProgramLookup
{
    // Words a POSIX shell runs itself: a command line starting with one has no program to look for.
    private static readonly HashSet<string> ShellWords =
    [
        ".", ":", "[", "alias", "break", "case", "cd", "command", "continue", "eval", "exec", "exit", "export", "false",
        "for", "if", "read", "return", "set", "shift", "source", "test", "trap", "true", "type", "ulimit", "umask",
        "unset", "wait", "while", "until", "{", "(", "!", "echo", "printf", "pwd", "time", "env",
    ];

    /// <summary>The full path of <paramref name="program"/>, or null when it cannot be found.</summary>
    public static string? Find(string program, string? workingDirectory = null)
    {
        if (program.Contains('/') || program.Contains('\\'))
        {
            var path = Path.GetFullPath(program, workingDirectory ?? Environment.CurrentDirectory);
            return File.Exists(path) ? path : null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var extensions = OperatingSystem.IsWindows() ? new[] { "", ".exe", ".cmd", ".bat" } : [""];
        return directories.SelectMany(d => extensions.Select(e => Path.Combine(d, program + e))).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The program a shell command line starts with, when it is a plain word worth looking up: not a shell keyword or
    /// built-in, not a variable assignment, not an expansion, and not a relative path (those resolve in the worktree).
    /// </summary>
    public static string? FirstProgram(string commandLine)
    {
        var words = commandLine.TrimStart().Split([' ', '\t', '\n', ';', '&', '|'], StringSplitOptions.RemoveEmptyEntries);
        var first = words.SkipWhile(w => w.Contains('=') && !w.StartsWith('=')).FirstOrDefault();
        if (first is null || ShellWords.Contains(first) || first.IndexOfAny(['$', '`', '"', '\'', '(', '<', '>', '*', '~']) >= 0)
        {
            return null;
        }

        return first.StartsWith('/') || !first.Contains('/') ? first : null;
    }
}
