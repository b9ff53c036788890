using Newtonsoft.Json.Linq;
using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// OpenAI Codex: <c>codex exec --json --sandbox workspace-write &lt;prompt&gt;</c>, a JSONL event stream. Usage comes from
/// each <c>turn.completed</c> (tokens only, no cost); failure ends with <c>turn.failed</c> or an <c>error</c> event.
/// </summary>
public sealed class CodexAgent(AgentSettings settings) : CliAgent(settings), IRateLimitRecognizer, IResumableAgent, IBrokenStartRecognizer
{
    public override string Name => "codex";

    protected override string DefaultProgram => "codex";

    public override string Instructions => "Make the changes with your tools in the current directory; do not run git commit.";

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation)
    {
        if (invocation.ResumeSession && invocation.SessionId is { } session)
        {
            // `exec resume` takes no --sandbox: the sandbox is set through its config override instead.
            List<string> resume = ["exec", "resume", "--json", "-c", "sandbox_mode=\"workspace-write\""];
            resume.AddRange(Settings.Model is { } model ? ["--model", model] : []);
            resume.AddRange([session, SessionResume.Prompt]);
            return new AgentCommand(resume);
        }

        var args = new List<string> { "exec", "--json" };
        if (!ExtraArgumentsMention("--sandbox") && !ExtraArgumentsMention("-s"))
        {
            args.AddRange(["--sandbox", "workspace-write"]);
        }

        args.AddRange(ModelAndExtraArguments());
        var inArgument = FitsInArgument(prompt);
        args.AddRange(["--", inArgument ? prompt : "-"]);
        return new AgentCommand(args, inArgument ? null : prompt);
    }

    public override AgentResult ParseResult(ProcessResult process)
    {
        var events = AgentOutput.JsonLines(process.StandardOutput);
        var turns = events.Where(e => (string?)e["type"] == "turn.completed").ToList();
        var failure = events.LastOrDefault(e => (string?)e["type"] == "turn.failed")?.SelectToken("error.message")?.ToString()
            ?? events.LastOrDefault(e => (string?)e["type"] == "error")?["message"]?.ToString();
        var answer = events.Where(e => (string?)e["type"] == "item.completed" && (string?)e.SelectToken("item.type") == "agent_message")
            .Select(e => (string?)e.SelectToken("item.text")).LastOrDefault();
        var usage = new AgentUsage
        {
            InputTokens = turns.Sum(t => AgentOutput.Long(t, "usage.input_tokens")),
            OutputTokens = turns.Sum(t => AgentOutput.Long(t, "usage.output_tokens")),
            Turns = turns.Count,
            SessionId = events.FirstOrDefault(e => (string?)e["type"] == "thread.started")?["thread_id"]?.ToString(),
        };
        var succeeded = process.ExitCode == 0 && failure is null && turns.Count > 0;
        var error = succeeded ? null
            : failure ?? (events.Count == 0 ? AgentOutput.ExitFailure(process) : $"no completed turn; {AgentOutput.ExitFailure(process)}");
        return new AgentResult(succeeded, process.ExitCode, error) { ResultText = answer, Usage = usage };
    }

    /// <summary>A <c>turn.failed</c> or <c>error</c> naming a rate limit, HTTP 429 or the usage limit ("try again at …").</summary>
    public RateLimit? RateLimitIn(ProcessResult process, AgentResult result) =>
        RateLimitText.NamesALimit(result.Error) ? new RateLimit(result.Error!, RateLimitText.ResetIn(result.Error, DateTimeOffset.Now)) : null;

    /// <summary>
    /// codex reaches its sandbox helper (<c>codex-linux-sandbox</c>) through aliases it makes under <c>$CODEX_HOME/tmp</c>
    /// as it starts. When that fails (another codex starting at the same moment with the same home held the lock) it says
    /// so and goes on, and then every command it runs fails in the sandbox: the agent ends "successfully", having changed
    /// nothing. Outside the sandbox the aliases are not needed.
    /// </summary>
    public string? BrokenStartIn(string errorLine) =>
        errorLine.Contains("could not create PATH aliases", StringComparison.Ordinal) && !RunsUnsandboxed() ? errorLine.Trim() : null;

    private bool RunsUnsandboxed() =>
        ExtraArgumentsMention("--dangerously-bypass-approvals-and-sandbox") || Settings.ExtraArguments.Contains("danger-full-access");

    /// <summary>codex picks its thread id itself and prints it first.</summary>
    public string? NewSessionId() => null;

    public string? SessionIdIn(string outputLine) =>
        outputLine.Contains("\"thread.started\"", StringComparison.Ordinal) && AgentOutput.TryParse(outputLine.Trim()) is { } started
            ? (string?)started["thread_id"]
            : null;
}
