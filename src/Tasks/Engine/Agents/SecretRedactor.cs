using System.Text.RegularExpressions;

namespace Orchestrator.Agents;

/// <summary>
/// Replaces the values of secret-looking environment variables (<c>*_API_KEY</c>, <c>*_TOKEN</c>, <c>*_SECRET</c>,
/// <c>*_PASSWORD</c>…) with <c>[redacted NAME]</c> in text bound for logs, prompts and artifacts.
/// </summary>
public sealed partial class SecretRedactor
{
    // Short values ("1", "true") would redact ordinary words.
    private const int MinimumSecretLength = 8;

    private readonly IReadOnlyList<(string Name, string Value)> _secrets;

    public SecretRedactor(IEnumerable<KeyValuePair<string, string>> variables) =>
        _secrets = variables
            .Where(v => IsSecretName(v.Key) && v.Value.Trim().Length >= MinimumSecretLength)
            .Select(v => (v.Key, v.Value.Trim()))
            .OrderByDescending(v => v.Item2.Length)
            .ToList();

    public static SecretRedactor FromEnvironment() => new(
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, e.Value as string ?? "")));

    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    public string Redact(string text)
    {
        foreach (var (name, value) in _secrets)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, $"[redacted {name}]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Whether <paramref name="text"/> holds one of the secrets.</summary>
    public bool Finds(string text) => _secrets.Any(s => text.Contains(s.Value, StringComparison.Ordinal));

    public string? RedactNullable(string? text) => text is null ? null : Redact(text);

    [GeneratedRegex(@"(^|_)(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$|^GITHUB_TOKEN$|^GH_TOKEN$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
