using Cake.Core;

namespace Orchestrator.Cli;

/// <summary>
/// Cake's console without colours, on writers of our choosing: standard error for <c>--json</c> (stdout then carries
/// the result object alone), standard output when it is redirected to a file or a CI log (where ANSI codes are noise),
/// or a spec's string writers when the host runs in-process.
/// </summary>
internal sealed class PlainConsole(TextWriter writer, TextWriter error) : IConsole
{
    public ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => writer.Write(format, arg);

    public void Write(string value) => writer.Write(value);

    public void WriteLine(string format, params object[] arg) => writer.WriteLine(format, arg);

    public void WriteLine(string value) => writer.WriteLine(value);

    public void WriteError(string format, params object[] arg) => error.Write(format, arg);

    public void WriteError(string value) => error.Write(value);

    public void WriteErrorLine(string format, params object[] arg) => error.WriteLine(format, arg);

    public void WriteErrorLine(string value) => error.WriteLine(value);

    public void ResetColor()
    {
    }
}
