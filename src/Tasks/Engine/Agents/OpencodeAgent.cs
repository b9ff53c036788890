using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// opencode: <c>opencode run --format json &lt;prompt&gt;</c>; JSONL events (<c>text</c>, <c>tool_use</c>,
/// <c>step_finish</c> with <c>part.tokens</c> and <c>part.cost</c>, <c>error</c>), each with the <c>sessionID</c>.
/// </summary>
public sealed class OpencodeAgent(AgentSettings settings) : CliAgent(settings)
{
    public override string Name => "opencode";

    protected override string DefaultProgram => "opencode";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation) =>
        new(["run", "--format", "json", .. ModelAndExtraArguments(), "--", prompt]);

    public override AgentResult ParseResult(ProcessResult process)
    {
        var events = AgentOutput.JsonLines(process.StandardOutput);
        var steps = events.Where(e => (string?)e["type"] == "step_finish").Select(e => e["part"]).ToList();
        var error = events.LastOrDefault(e => (string?)e["type"] == "error") is { } failed
            ? (string?)failed.SelectToken("error.data.message") ?? (string?)failed.SelectToken("error.message") ?? failed["error"]?.ToString()
            : null;
        var costs = steps.Select(s => s?["cost"]).Where(c => c is not null).Select(c => c!.ToObject<decimal>()).ToList();
        var usage = new AgentUsage
        {
            InputTokens = steps.Sum(s => AgentOutput.Long(s, "tokens.input") + AgentOutput.Long(s, "tokens.cache.read") + AgentOutput.Long(s, "tokens.cache.write")),
            OutputTokens = steps.Sum(s => AgentOutput.Long(s, "tokens.output")),
            CostUsd = costs.Count > 0 ? costs.Sum() : null,
            Turns = steps.Count,
            SessionId = events.Select(e => (string?)e["sessionID"]).FirstOrDefault(id => id is not null),
        };
        var text = string.Join("\n", events.Where(e => (string?)e["type"] == "text").Select(e => (string?)e.SelectToken("part.text")));
        var succeeded = process.ExitCode == 0 && error is null;
        return new AgentResult(succeeded, process.ExitCode, succeeded ? null : error ?? AgentOutput.ExitFailure(process))
        {
            ResultText = text,
            Usage = usage,
        };
    }
}
