using System.Globalization;
using System.Text.RegularExpressions;
using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>The agent's provider refused work for now (a rate limit or an exhausted quota), and when it said it would take more.</summary>
public sealed record RateLimit(string Evidence, DateTimeOffset? ResetsAt);

/// <summary>Tells a rate or usage limit apart from other failures in what an agent CLI printed.</summary>
public interface IRateLimitRecognizer
{
    /// <summary>The limit a failed run hit, or null when it failed for another reason.</summary>
    RateLimit? RateLimitIn(ProcessResult process, AgentResult result);
}

/// <summary>The wording agent CLIs use for limits and their reset times.</summary>
public static partial class RateLimitText
{
    /// <summary>Whether <paramref name="text"/> names a rate limit, HTTP 429 or an exhausted quota.</summary>
    public static bool NamesALimit(string? text) => text is not null && Limit().IsMatch(text);

    /// <summary>
    /// The reset time in <paramref name="text"/>: claude's <c>limit reached|&lt;epoch&gt;</c>, <c>try again in 20s</c>, or
    /// <c>try again at 3:05 PM</c> / <c>resets 3pm</c> (the next such time, local); null when it names none.
    /// </summary>
    public static DateTimeOffset? ResetIn(string? text, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        if (Epoch().Match(text) is { Success: true } epoch)
        {
            return DateTimeOffset.FromUnixTimeSeconds(long.Parse(epoch.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (After().Match(text) is { Success: true } after)
        {
            var amount = double.Parse(after.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = after.Groups[2].Value.ToLowerInvariant();
            return now + (unit.StartsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(amount)
                : unit.StartsWith('h') ? TimeSpan.FromHours(amount)
                : unit.StartsWith('m') ? TimeSpan.FromMinutes(amount)
                : TimeSpan.FromSeconds(amount));
        }

        if (ClockTime().Match(text) is { Success: true } clock)
        {
            var hour = int.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture) % 12
                + (clock.Groups[3].Value.Equals("pm", StringComparison.OrdinalIgnoreCase) ? 12 : 0);
            var minute = clock.Groups[2].Success ? int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
            var local = now.ToLocalTime();
            var at = new DateTimeOffset(local.Year, local.Month, local.Day, hour, minute, 0, local.Offset);
            return at > now ? at : at.AddDays(1);
        }

        return null;
    }

    [GeneratedRegex(@"\b429\b|rate[ _-]?limit|usage limit|hit your limit|quota|RESOURCE_EXHAUSTED|too many requests", RegexOptions.IgnoreCase)]
    private static partial Regex Limit();

    [GeneratedRegex(@"limit reached\|(\d{10})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Epoch();

    [GeneratedRegex(@"try again in (\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?|m|mins?|minutes?|h|hours?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex After();

    [GeneratedRegex(@"(?:try again at|resets(?: at)?)\s+(\d{1,2})(?::(\d{2}))?\s*([ap]m)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();
}
