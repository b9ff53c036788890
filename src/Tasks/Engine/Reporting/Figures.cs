using System.Globalization;
using Orchestrator.Agents;

namespace Orchestrator.Reporting;

/// <summary>Durations, tokens and cost in words, the same in every report and on the console.</summary>
public static class Figures
{
    public static string Duration(long milliseconds)
    {
        var time = TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
        return time.TotalSeconds < 1 ? $"{milliseconds} ms"
            : time.TotalMinutes < 1 ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.0} s")
            : time.TotalHours < 1 ? $"{(int)time.TotalMinutes}m {time.Seconds:00}s"
            : $"{(int)time.TotalHours}h {time.Minutes:00}m";
    }

    public static string Tokens(AgentUsage? usage) =>
        usage is null ? "-" : (usage.InputTokens + usage.OutputTokens).ToString("N0", CultureInfo.InvariantCulture);

    public static string Cost(AgentUsage? usage) => usage?.CostUsd is { } cost ? Dollars(cost) : "-";

    public static string Dollars(decimal cost) => cost.ToString("$0.00##", CultureInfo.InvariantCulture);

    public static string Turns(AgentUsage? usage) => usage?.Turns is { } turns ? turns.ToString(CultureInfo.InvariantCulture) : "-";

    /// <summary>Turns, tokens and cost in one phrase, leaving out what the agent did not report.</summary>
    public static string Usage(AgentUsage? usage) => usage?.Describe() ?? "";
}
