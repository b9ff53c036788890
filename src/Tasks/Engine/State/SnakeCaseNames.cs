using System.Text;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>
/// snake_case member and enum names, the very names <see cref="SnakeCaseNamingStrategy"/> gives (a spec compares them
/// for every member of the engine's types). Its own conversion lower-cases each capital through the invariant culture's
/// <c>TextInfo</c>, whose first use opens ICU's collator to check that ASCII casing is plain: about 7 ms of start-up,
/// spent for ASCII names; <see cref="char.ToLowerInvariant"/> gives the same letter without it.
/// </summary>
internal sealed class SnakeCaseNames : SnakeCaseNamingStrategy
{
    private enum State
    {
        Start,
        Lower,
        Upper,
        NewWord,
    }

    protected override string ResolvePropertyName(string name) => Of(name);

    // The conversion of Newtonsoft.Json's StringUtils.ToSeparatedCase, state for state.
    internal static string Of(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return name;
        }

        var snake = new StringBuilder(name.Length + 4);
        var state = State.Start;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == ' ')
            {
                state = state == State.Start ? State.Start : State.NewWord;
            }
            else if (char.IsUpper(c))
            {
                var startsWord = state is State.Lower or State.NewWord
                    || state == State.Upper && i > 0 && i + 1 < name.Length && !char.IsUpper(name[i + 1]) && name[i + 1] != '_';
                if (startsWord)
                {
                    snake.Append('_');
                }

                snake.Append(char.ToLowerInvariant(c));
                state = State.Upper;
            }
            else if (c == '_')
            {
                snake.Append('_');
                state = State.Start;
            }
            else
            {
                if (state == State.NewWord)
                {
                    snake.Append('_');
                }

                snake.Append(c);
                state = State.Lower;
            }
        }

        return snake.ToString();
    }
}
