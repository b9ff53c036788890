using Cake.Core;

namespace Orchestrator.Build;

/// <summary>
/// Cake's console without colours, on a writer of our choosing: standard error for <c>--json</c> (stdout then carries
/// the result object alone), or standard output when it is redirected to a file or a CI log, where ANSI codes are noise.
/// </summary>
internal sealed class PlainConsole(TextWriter writer) : IConsole
{
    public ConsoleColor ForegroundColor { get; set; } = Console.ForegroundColor;

    public ConsoleColor BackgroundColor { get; set; } = Console.BackgroundColor;

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => writer.Write(format, arg);

    public void Write(string value) => writer.Write(value);

    public void WriteLine(string format, params object[] arg) => writer.WriteLine(format, arg);

    public void WriteLine(string value) => writer.WriteLine(value);

    public void WriteError(string format, params object[] arg) => Console.Error.Write(format, arg);

    public void WriteError(string value) => Console.Error.Write(value);

    public void WriteErrorLine(string format, params object[] arg) => Console.Error.WriteLine(format, arg);

    public void WriteErrorLine(string value) => Console.Error.WriteLine(value);

    public void ResetColor()
    {
    }
}
