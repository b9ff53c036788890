using System.Text;

namespace Orchestrator.Agents;

/// <summary>Splits "program and args" into argv elements the way a POSIX shell would, without running a shell.</summary>
public static class CommandLine
{
    public static IReadOnlyList<string> Split(string text, string flagName)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new InputException($"{flagName}: unterminated single quote");
                    }

                    current.Append(text, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    i = ReadDoubleQuoted(text, i + 1, current, flagName);
                    inWord = true;
                    break;
                case '\\' when i + 1 < text.Length:
                    current.Append(text[++i]);
                    inWord = true;
                    break;
                case var _ when char.IsWhiteSpace(c):
                    if (inWord)
                    {
                        args.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            args.Add(current.ToString());
        }

        return args.Count > 0 ? args : throw new InputException($"{flagName}: empty command");
    }

    private static int ReadDoubleQuoted(string text, int start, StringBuilder into, string flagName)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                return i;
            }

            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                i++;
            }

            into.Append(text[i]);
        }

        throw new InputException($"{flagName}: unterminated double quote");
    }
}
