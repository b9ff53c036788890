using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Claude Code: <c>claude -p &lt;prompt&gt; --output-format json --permission-mode &lt;mode&gt;</c>. As root the CLI refuses
/// <c>bypassPermissions</c>, so the default mode is <c>acceptEdits</c> for root and <c>bypassPermissions</c> otherwise
/// (shell commands under acceptEdits need <c>--allowedTools</c> in the extra arguments).
/// </summary>
public sealed class ClaudeAgent(AgentSettings settings) : CliAgent(settings)
{
    public override string Name => "claude";

    protected override string DefaultProgram => "claude";

    public string PermissionMode => Settings.PermissionMode ?? DefaultPermissionMode(System.Environment.UserName == "root");

    public static string DefaultPermissionMode(bool root) => root ? "acceptEdits" : "bypassPermissions";

    public override string Instructions =>
        "Use your file tools (Write, Edit) to make the changes; relative paths are relative to the worktree.";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation)
    {
        var inArgument = FitsInArgument(prompt);
        var args = inArgument ? new List<string> { "-p", prompt } : ["-p"];
        args.AddRange(["--output-format", "json"]);
        if (!ExtraArgumentsMention("--permission-mode") && !ExtraArgumentsMention("--dangerously-skip-permissions"))
        {
            args.AddRange(["--permission-mode", PermissionMode]);
        }

        args.AddRange(ModelAndExtraArguments());
        return new AgentCommand(args, inArgument ? null : prompt);
    }

    public override AgentResult ParseResult(ProcessResult process) => ResultObject.Parse(process);
}
