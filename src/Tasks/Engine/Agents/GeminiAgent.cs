using Newtonsoft.Json.Linq;
using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>
/// Gemini CLI: <c>gemini -p &lt;prompt&gt; -o json --approval-mode yolo</c>; one JSON object with <c>response</c>,
/// <c>stats.models.*.tokens</c> and, on failure, <c>error</c>. Its documented exit codes get their meaning spelled out.
/// </summary>
public sealed class GeminiAgent(AgentSettings settings) : CliAgent(settings), IRateLimitRecognizer, IResumableAgent
{
    public static readonly IReadOnlyDictionary<int, string> ExitCodes = new Dictionary<int, string>
    {
        [41] = "authentication failed (exit 41): set GEMINI_API_KEY or security.auth.selectedType in settings.json",
        [42] = "invalid input (exit 42)",
        [52] = "configuration error (exit 52)",
        [53] = "turn limit reached (exit 53)",
        [54] = "a tool failed fatally (exit 54)",
        [55] = "the folder is not trusted (exit 55)",
        [130] = "interrupted (exit 130)",
    };

    public override string Name => "gemini";

    protected override string DefaultProgram => "gemini";

    public override string Instructions => "Make the changes with your file tools in the current directory.";

    /// <summary>The worktree is the orchestrator's own checkout: headless gemini otherwise refuses an untrusted folder.</summary>
    protected override IReadOnlyDictionary<string, string?> Environment(AgentInvocation invocation) =>
        new Dictionary<string, string?> { ["GEMINI_CLI_TRUST_WORKSPACE"] = "true" };

    public override AgentCommand BuildCommand(string prompt, AgentInvocation invocation)
    {
        var args = new List<string> { "-p", invocation.ResumeSession ? SessionResume.Prompt : prompt, "-o", "json" };
        if (invocation.SessionId is { } session)
        {
            args.AddRange([invocation.ResumeSession ? "--resume" : "--session-id", session]);
        }

        if (!ExtraArgumentsMention("--approval-mode") && !ExtraArgumentsMention("--yolo"))
        {
            args.AddRange(["--approval-mode", "yolo"]);
        }

        args.AddRange(ModelAndExtraArguments());
        return new AgentCommand(args);
    }

    /// <summary>An error with code 429 or <c>RESOURCE_EXHAUSTED</c> (gemini then exits 429 mod 256 = 173).</summary>
    public RateLimit? RateLimitIn(ProcessResult process, AgentResult result)
    {
        var error = (AgentOutput.LastObject(process.StandardOutput) ?? AgentOutput.LastObject(process.StandardError))?["error"] as JObject;
        var limited = error?.Value<int?>("code") == 429 || RateLimitText.NamesALimit((string?)error?["status"])
            || (error is null && process.StandardError.Contains("RESOURCE_EXHAUSTED", StringComparison.Ordinal));
        return limited ? new RateLimit(result.Error ?? "rate-limited", RateLimitText.ResetIn(result.Error, DateTimeOffset.Now)) : null;
    }

    /// <summary>gemini takes the id of a new session (<c>--session-id</c>) and continues one with <c>--resume &lt;uuid&gt;</c>.</summary>
    public string? NewSessionId() => Guid.NewGuid().ToString();

    public string? SessionIdIn(string outputLine) => null;

    public override AgentResult ParseResult(ProcessResult process)
    {
        // On an API error stdout is empty and the JSON error goes to stderr.
        var output = AgentOutput.LastObject(process.StandardOutput) ?? AgentOutput.LastObject(process.StandardError);
        var models = (output?.SelectToken("stats.models") as JObject)?.Properties().Select(p => p.Value).ToList() ?? [];
        var usage = new AgentUsage
        {
            InputTokens = models.Sum(m => AgentOutput.Long(m, "tokens.prompt")),
            OutputTokens = models.Sum(m => AgentOutput.Long(m, "tokens.candidates")),
            Turns = models.Count == 0 ? null : (int)models.Sum(m => AgentOutput.Long(m, "api.totalRequests")),
            SessionId = (string?)output?["session_id"],
        };
        var apiError = output?["error"] is JObject error ? (string?)error["message"] : null;
        var succeeded = process.ExitCode == 0 && apiError is null;
        var message = succeeded ? null
            : ExitCodes.TryGetValue(process.ExitCode, out var meaning) ? apiError is null ? meaning : $"{meaning}: {apiError}"
            : apiError ?? AgentOutput.ExitFailure(process);
        return new AgentResult(succeeded, process.ExitCode, message) { ResultText = (string?)output?["response"], Usage = usage };
    }
}
