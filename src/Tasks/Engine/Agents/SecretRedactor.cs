using System.Text.RegularExpressions;

namespace Orchestrator.Agents;

/// <summary>
/// Replaces the values of secret-looking environment variables (<c>*_API_KEY</c>, <c>*_TOKEN</c>, <c>*_SECRET</c>,
/// <c>*_PASSWORD</c>…) with <c>[redacted NAME]</c> in text bound for logs, prompts and artifacts: as written, URL-encoded,
/// HTML-escaped, and base64-encoded (standard or URL-safe alphabet, at any byte alignment, with or without a trailing newline, as
/// <c>echo $TOKEN | base64</c> gives it).
/// </summary>
public sealed partial class SecretRedactor
{
    // Short values ("1", "true") would redact ordinary words.
    private const int MinimumSecretLength = 8;

    // An array of a class: looping over it needs no generic code and the list it is built in shares the framework's
    // precompiled code for reference types, where tuples need list and LINQ code made for their struct type, which
    // ReadyToRun leaves to the JIT at start-up.
    private readonly Secret[] _secrets;

    public SecretRedactor(IEnumerable<KeyValuePair<string, string>> variables)
    {
        // Loops rather than LINQ over (name, form) tuples, for the same reason: a redactor is made before the first save
        // of every run, most often with no secret to find.
        var secrets = new List<Secret>();
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (!IsSecretName(name) || value.Trim().Length < MinimumSecretLength)
            {
                continue;
            }

            foreach (var form in Forms(value.Trim()))
            {
                if (forms.Add(form))
                {
                    secrets.Add(new Secret(name, form));
                }
            }
        }

        _secrets = [.. secrets.OrderByDescending(s => s.Value.Length)];
    }

    public static SecretRedactor FromEnvironment()
    {
        var variables = new List<KeyValuePair<string, string>>();
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables.Add(new KeyValuePair<string, string>((string)entry.Key, entry.Value as string ?? ""));
        }

        return new SecretRedactor(variables);
    }

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

    /// <summary>No secret-looking variable is set: redacting changes nothing.</summary>
    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>
    /// How much of <paramref name="text"/>, more of which is still to come, can be redacted now without splitting a
    /// secret: everything but the tail a secret could start in, moved past any secret that runs across the cut.
    /// </summary>
    public int SettledLength(string text)
    {
        var cut = IsEmpty ? text.Length : text.Length - _secrets[0].Value.Length + 1; // the longest form comes first
        for (var moved = cut > 0; moved;)
        {
            moved = false;
            foreach (var (_, value) in _secrets)
            {
                var at = text.IndexOf(value, Math.Max(0, cut - value.Length + 1), StringComparison.Ordinal);
                if (at >= 0 && at < cut)
                {
                    cut = at + value.Length;
                    moved = true;
                }
            }
        }

        return Math.Max(0, cut);
    }

    /// <summary>Whether <paramref name="text"/> holds one of the secrets.</summary>
    public bool Finds(string text) => Array.Exists(_secrets, s => text.Contains(s.Value, StringComparison.Ordinal));

    /// <summary>The secret as written and in the encoded forms it travels in.</summary>
    private static IEnumerable<string> Forms(string value)
    {
        yield return value;
        yield return Uri.EscapeDataString(value);
        yield return System.Net.WebUtility.UrlEncode(value);
        yield return System.Net.WebUtility.HtmlEncode(value);
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        foreach (var payload in new[] { bytes, [.. bytes, (byte)'\n'] })
        {
            foreach (var form in Base64Cores(payload).Where(f => f.Length >= MinimumSecretLength))
            {
                yield return form;
                yield return form.Replace('+', '-').Replace('/', '_');
            }
        }
    }

    /// <summary>
    /// The part of the payload's base64 that is the same wherever it sits in a longer stream: for each of the three
    /// byte alignments, the characters that depend on neither the bytes before nor the bytes after it.
    /// </summary>
    private static IEnumerable<string> Base64Cores(byte[] payload)
    {
        yield return Convert.ToBase64String(payload).TrimEnd('=');
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = new byte[offset + payload.Length];
            payload.CopyTo(shifted, offset);
            var encoded = Convert.ToBase64String(shifted);
            var skip = offset == 0 ? 0 : offset + 1;
            var keep = shifted.Length / 3 * 4;
            if (keep > skip)
            {
                yield return encoded[skip..keep];
            }
        }
    }

    [GeneratedRegex(@"(^|_)(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$|^GITHUB_TOKEN$|^GH_TOKEN$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    private sealed record Secret(string Name, string Value);
}
