using System.Globalization;
using System.Text;

namespace Orchestrator.Plans;

/// <summary>
/// What a task id may be: a short identifier (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; at most
/// <see cref="MaxLength"/> characters; not starting with <c>.</c> or <c>-</c>). Ids become path segments, branch names and
/// log text, so anything else is refused when the plan is loaded.
/// </summary>
public static class TaskId
{
    public const int MaxLength = 64;

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= MaxLength && id[0] is not ('.' or '-') && !id.EndsWith(".lock", StringComparison.Ordinal)
        && !id.Contains("..", StringComparison.Ordinal) && id.All(IsAllowed);

    /// <summary>Why <paramref name="id"/> is not a task id, or null when it is one.</summary>
    public static string? Problem(string id) => IsValid(id) ? null
        : $"task id {Printable(id)} is not a short identifier (letters, digits, '.', '_', '-'; at most {MaxLength} characters; "
          + "not starting with '.' or '-')";

    /// <summary>The text quoted with control and non-ASCII characters escaped, shortened: safe for a one-line message.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text.Take(MaxLength + 16))
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || c > '~' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append(text.Length > MaxLength + 16 ? "…\"" : "\"").ToString();
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-';
}
