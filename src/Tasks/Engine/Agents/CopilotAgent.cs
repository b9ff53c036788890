using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>GitHub Copilot CLI: <c>copilot -p &lt;prompt&gt; --allow-all-tools</c>; plain text out, so the exit code decides.</summary>
public sealed class CopilotAgent(AgentSettings settings) : CliAgent(settings)
{
    public override string Name => "copilot";

    protected override string DefaultProgram => "copilot";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation) =>
        new(["-p", prompt, "--allow-all-tools", .. ModelAndExtraArguments()]);

    public override AgentResult ParseResult(ProcessResult process) =>
        new(process.ExitCode == 0, process.ExitCode, process.ExitCode == 0 ? null : AgentOutput.ExitFailure(process))
        {
            ResultText = process.StandardOutput.Trim(),
        };
}
