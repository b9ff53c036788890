using System.Text;

namespace Orchestrator.Distribution;

/// <summary>Values spliced into generated YAML and shell lines, quoted so they stay one value whatever they hold.</summary>
internal static class Quoting
{
    /// <summary>A double-quoted YAML scalar.</summary>
    public static string Yaml(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when c < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    /// <summary>A single-quoted shell word.</summary>
    public static string Shell(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
