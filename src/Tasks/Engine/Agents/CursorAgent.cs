using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Cursor: <c>cursor-agent -p &lt;prompt&gt; --output-format json --force</c>; prints claude's shape of result object
/// (<c>type: result</c>, <c>subtype</c>, <c>is_error</c>, <c>result</c>, <c>session_id</c>), without usage.
/// </summary>
public sealed class CursorAgent(AgentSettings settings) : CliAgent(settings)
{
    public override string Name => "cursor";

    protected override string DefaultProgram => "cursor-agent";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation) =>
        new(["-p", prompt, "--output-format", "json", "--force", .. ModelAndExtraArguments()]);

    public override AgentResult ParseResult(ProcessResult process) => ResultObject.Parse(process);
}
