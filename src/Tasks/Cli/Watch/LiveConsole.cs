using Cake.Core;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orchestrator.Cli.Watch;

/// <summary>
/// Cake's console while the live view shows: each line Cake writes, in its colours, goes to the live view as one line,
/// printed above the view instead of through it. Standard error too: two streams would tear the view.
/// </summary>
internal sealed class LiveConsole(LiveView view) : IConsole
{
    private readonly object _gate = new();
    private readonly List<(string Text, Style Style)> _pieces = [];

    public ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    /// <summary>False: Cake then sets colours through the properties, which this console turns into styles.</summary>
    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => Add(Format(format, arg), newLine: false);

    public void Write(string value) => Add(value, newLine: false);

    public void WriteLine(string format, params object[] arg) => Add(Format(format, arg), newLine: true);

    public void WriteLine(string value) => Add(value, newLine: true);

    public void WriteError(string format, params object[] arg) => Add(Format(format, arg), newLine: false);

    public void WriteError(string value) => Add(value, newLine: false);

    public void WriteErrorLine(string format, params object[] arg) => Add(Format(format, arg), newLine: true);

    public void WriteErrorLine(string value) => Add(value, newLine: true);

    public void ResetColor()
    {
        ForegroundColor = ConsoleColor.Gray;
        BackgroundColor = ConsoleColor.Black;
    }

    private void Add(string text, bool newLine)
    {
        lock (_gate)
        {
            if (text.Length > 0)
            {
                _pieces.Add((text.Replace('\x1b', '?'), Style()));
            }

            if (newLine)
            {
                var line = new Paragraph();
                _pieces.ForEach(piece => line.Append(piece.Text, piece.Style));
                line.Append("\n");
                _pieces.Clear();
                view.Print(new ClearedLine(line));
            }
        }
    }

    /// <summary>
    /// A line that first erases the terminal line it lands on: the live view moves the cursor back to its own top line
    /// before a line is printed above it, and a shorter line would leave the rest of that row showing.
    /// </summary>
    private sealed class ClearedLine(Paragraph line) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => ((IRenderable)line).Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            ((IRenderable)line).Render(options, maxWidth).Prepend(Segment.Control("\u001b[2K"));
    }

    private Style Style() =>
        ForegroundColor == ConsoleColor.Gray ? Spectre.Console.Style.Plain : new Style(Color.FromConsoleColor(ForegroundColor));

    private static string Format(string format, object[] arg) => arg.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, arg);
}
