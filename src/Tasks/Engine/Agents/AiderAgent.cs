using System.Globalization;
using System.Text.RegularExpressions;
using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Aider: <c>aider --message &lt;prompt&gt; --yes-always --no-auto-commits &lt;files in scope&gt;</c>; text out, with
/// "Tokens: 2.3k sent, 145 received. Cost: $0.0012 message, $0.0034 session." lines read for usage.
/// </summary>
public sealed partial class AiderAgent(AgentSettings settings) : CliAgent(settings)
{
    public override string Name => "aider";

    protected override string DefaultProgram => "aider";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation) =>
        new(["--message", prompt, "--yes-always", "--no-auto-commits", .. ModelAndExtraArguments(), "--", .. invocation.Files]);

    public override AgentResult ParseResult(ProcessResult process)
    {
        var reports = TokenReport().Matches(process.StandardOutput);
        var usage = new AgentUsage
        {
            InputTokens = reports.Sum(m => Count(m.Groups["sent"].Value)),
            OutputTokens = reports.Sum(m => Count(m.Groups["received"].Value)),
            CostUsd = reports.Count > 0 ? reports.Sum(m => decimal.Parse(m.Groups["cost"].Value, CultureInfo.InvariantCulture)) : null,
            Turns = reports.Count,
        };
        return new AgentResult(process.ExitCode == 0, process.ExitCode, process.ExitCode == 0 ? null : AgentOutput.ExitFailure(process))
        {
            ResultText = process.StandardOutput.Trim(),
            Usage = usage,
        };
    }

    private static long Count(string text)
    {
        var multiplier = text[^1] switch { 'k' => 1_000m, 'M' => 1_000_000m, _ => 1m };
        var number = multiplier == 1m ? text : text[..^1];
        return (long)(decimal.Parse(number.Replace(",", ""), CultureInfo.InvariantCulture) * multiplier);
    }

    [GeneratedRegex(@"Tokens: (?<sent>[\d.,]+[kM]?) sent(?:, [\d.,]+[kM]? cache (?:write|hit))*, (?<received>[\d.,]+[kM]?) received\. Cost: \$(?<cost>[\d.]+) message")]
    private static partial Regex TokenReport();
}
