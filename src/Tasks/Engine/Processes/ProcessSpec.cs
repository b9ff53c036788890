namespace Orchestrator.Processes;

/// <summary>A child process to start: program and argv elements, never a shell string.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes the variable) on top of the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text written to standard input, which is then closed; null closes it at once.</summary>
    public string? StandardInput { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>Time between the polite stop signal and the kill on timeout or cancellation.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    public Action<string>? OnOutputLine { get; init; }

    public Action<string>? OnErrorLine { get; init; }

    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName).Select(Quote));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:,@%+".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool TimedOut { get; init; }

    public bool Cancelled { get; init; }

    public bool Succeeded => ExitCode == 0 && !TimedOut && !Cancelled;
}
