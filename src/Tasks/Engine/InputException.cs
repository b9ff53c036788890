namespace Orchestrator;

/// <summary>
/// Bad input from the user (plan, flag value, state file): reported as one line, exit code 2.
/// </summary>
public class InputException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
