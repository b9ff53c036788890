namespace Orchestrator.Context;

/// <summary>Rough token count of source text: about four characters a token for code and English.</summary>
public static class TokenEstimate
{
    public const int CharactersPerToken = 4;

    public static int Of(string text) => (text.Length + CharactersPerToken - 1) / CharactersPerToken;

    public static int Characters(int tokens) => tokens * CharactersPerToken;
}
