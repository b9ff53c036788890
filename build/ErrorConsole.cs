using Cake.Core;

namespace Orchestrator.Build;

/// <summary>Cake's console on standard error, so that <c>--json</c> keeps standard output for the result object alone.</summary>
internal sealed class ErrorConsole : IConsole
{
    public ConsoleColor ForegroundColor { get; set; } = Console.ForegroundColor;

    public ConsoleColor BackgroundColor { get; set; } = Console.BackgroundColor;

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => Console.Error.Write(format, arg);

    public void Write(string value) => Console.Error.Write(value);

    public void WriteLine(string format, params object[] arg) => Console.Error.WriteLine(format, arg);

    public void WriteLine(string value) => Console.Error.WriteLine(value);

    public void WriteError(string format, params object[] arg) => Console.Error.Write(format, arg);

    public void WriteError(string value) => Console.Error.Write(value);

    public void WriteErrorLine(string format, params object[] arg) => Console.Error.WriteLine(format, arg);

    public void WriteErrorLine(string value) => Console.Error.WriteLine(value);

    public void ResetColor()
    {
    }
}
