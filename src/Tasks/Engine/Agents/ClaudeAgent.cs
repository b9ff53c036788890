using Newtonsoft.Json.Linq;
using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Claude Code: <c>claude -p &lt;prompt&gt; --output-format json --permission-mode &lt;mode&gt;</c>. As root the CLI refuses
/// <c>bypassPermissions</c>, so the default mode is <c>acceptEdits</c> for root and <c>bypassPermissions</c> otherwise
/// (shell commands under acceptEdits need <c>--allowedTools</c> in the extra arguments).
/// </summary>
public sealed class ClaudeAgent(AgentSettings settings) : CliAgent(settings), IRateLimitRecognizer, IResumableAgent
{
    public override string Name => "claude";

    protected override string DefaultProgram => "claude";

    public string PermissionMode => Settings.PermissionMode ?? DefaultPermissionMode(System.Environment.UserName == "root");

    public static string DefaultPermissionMode(bool root) => root ? "acceptEdits" : "bypassPermissions";

    public override string Instructions =>
        "Use your file tools (Write, Edit) to make the changes; relative paths are relative to the worktree.";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation)
    {
        prompt = invocation.ResumeSession ? SessionResume.Prompt : prompt;
        var inArgument = FitsInArgument(prompt);
        var args = inArgument ? new List<string> { "-p", prompt } : ["-p"];
        args.AddRange(["--output-format", "json"]);
        if (invocation.SessionId is { } session)
        {
            args.AddRange([invocation.ResumeSession ? "--resume" : "--session-id", session]);
        }

        if (invocation.MaxTurns is { } turns && !ExtraArgumentsMention("--max-turns"))
        {
            args.AddRange(["--max-turns", turns.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (!ExtraArgumentsMention("--permission-mode") && !ExtraArgumentsMention("--dangerously-skip-permissions"))
        {
            args.AddRange(["--permission-mode", PermissionMode]);
        }

        args.AddRange(ModelAndExtraArguments());
        return new AgentCommand(args, inArgument ? null : prompt);
    }

    public override AgentResult ParseResult(ProcessResult process) => ResultObject.Parse(process);

    /// <summary>
    /// <c>is_error</c> with <c>api_error_status: 429</c> or <c>api_error_type: "rate_limit_error"</c>, or a result
    /// naming a usage limit (with its reset time when it gives one).
    /// </summary>
    public RateLimit? RateLimitIn(ProcessResult process, AgentResult result)
    {
        var found = ResultObject.Find(process);
        var limited = found?.Value<int?>("api_error_status") == 429 || (string?)found?["api_error_type"] == "rate_limit_error"
            || (found?.Value<bool?>("is_error") == true && RateLimitText.NamesALimit(result.ResultText));
        return limited ? new RateLimit(result.Error ?? "rate-limited", RateLimitText.ResetIn(result.ResultText, DateTimeOffset.Now)) : null;
    }

    /// <summary>claude takes the id of a new session (<c>--session-id</c>), so it is known before anything runs.</summary>
    public string? NewSessionId() => Guid.NewGuid().ToString();

    public string? SessionIdIn(string outputLine) => null;
}
