using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Amp: <c>amp -x &lt;prompt&gt; --stream-json --dangerously-allow-all</c> (execute mode cannot ask for tool approval);
/// a JSONL stream ending in a claude-shaped <c>result</c> message.
/// </summary>
public sealed class AmpAgent(AgentSettings settings) : CliAgent(settings)
{
    public override string Name => "amp";

    protected override string DefaultProgram => "amp";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation) =>
        new(["-x", prompt, "--stream-json", "--dangerously-allow-all", .. ModelAndExtraArguments()]);

    public override AgentResult ParseResult(ProcessResult process) => ResultObject.Parse(process);
}
