namespace Orchestrator;

/// <summary>
/// Where the engine's log lines go. The engine knows no console and no Cake: the host passes a writer in (Cake's log
/// through the adapter, or a test's recorder). Lines are plain text, never format strings.
/// </summary>
public interface IRunLog
{
    void Info(string line);

    void Warning(string line);

    void Error(string line);

    /// <summary>Detail shown only at verbose verbosity.</summary>
    void Verbose(string line);
}

/// <summary>A log that keeps nothing, for look-ups that must not speak.</summary>
public sealed class SilentLog : IRunLog
{
    public void Info(string line)
    {
    }

    public void Warning(string line)
    {
    }

    public void Error(string line)
    {
    }

    public void Verbose(string line)
    {
    }
}
