using Orchestrator.Agents;
using Orchestrator.Processes;

namespace Orchestrator.Tests.Agents;

/// <summary>Each adapter tells a rate or usage limit from other failures, with its reset time when the CLI gives one.</summary>
public sealed class RateLimitRecognitionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Now;

    [Fact]
    public void A_claude_429_is_a_rate_limit_without_a_reset_time()
    {
        var limit = RateLimitOf("claude", 1, """
            {"type":"result","subtype":"success","is_error":true,"api_error_status":429,"api_error_type":"rate_limit_error","result":"API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit","session_id":"s","usage":{}}
            """);

        limit.Should().NotBeNull();
        limit!.Evidence.Should().Contain("429");
        limit.ResetsAt.Should().BeNull();
    }

    [Fact]
    public void A_claude_usage_limit_gives_its_reset_time()
    {
        var limit = RateLimitOf("claude", 1, """
            {"type":"result","subtype":"success","is_error":true,"result":"Claude AI usage limit reached|1767225600","session_id":"s","usage":{}}
            """);

        limit!.ResetsAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767225600));
    }

    [Fact]
    public void A_codex_turn_failed_on_429_is_a_rate_limit_and_its_usage_limit_gives_the_time_to_try_again()
    {
        RateLimitOf("codex", 1, """
            {"type":"thread.started","thread_id":"th"}
            {"type":"turn.failed","error":{"message":"exceeded retry limit, last status: 429 Too Many Requests"}}
            """).Should().NotBeNull();

        var usage = RateLimitOf("codex", 1, """
            {"type":"error","message":"You’ve hit your usage limit. Upgrade to Pro, or try again at 11:59 PM."}
            """);

        var at = usage!.ResetsAt!.Value.ToLocalTime();
        (at.Hour, at.Minute).Should().Be((23, 59));
        at.Should().BeAfter(Now);
    }

    [Fact]
    public void A_gemini_resource_exhausted_error_is_a_rate_limit()
    {
        RateLimitOf("gemini", 173, "", """
            {"session_id":"g","error":{"type":"Error","message":"Resource has been exhausted (e.g. check quota).","code":429}}
            """).Should().NotBeNull();
    }

    [Theory]
    [InlineData("claude", """{"type":"result","subtype":"success","is_error":true,"api_error_status":500,"result":"API Error: 500 Overloaded","usage":{}}""")]
    [InlineData("codex", """{"type":"turn.failed","error":{"message":"unexpected status 500 Internal Server Error"}}""")]
    public void A_server_error_is_not_a_rate_limit(string agent, string output) =>
        RateLimitOf(agent, 1, output).Should().BeNull();

    [Theory]
    [InlineData("Please try again in 20s.", 20)]
    [InlineData("Rate limit reached. Try again in 1.5 minutes", 90)]
    public void A_wait_named_in_seconds_or_minutes_is_the_reset_time(string text, int seconds) =>
        RateLimitText.ResetIn(text, Now).Should().Be(Now + TimeSpan.FromSeconds(seconds));

    private static RateLimit? RateLimitOf(string agent, int exitCode, string stdout, string stderr = "")
    {
        var cli = AgentCatalog.CreateCli(agent, new AgentSettings());
        var process = new ProcessResult(exitCode, stdout, stderr, TimeSpan.FromSeconds(1));
        return ((IRateLimitRecognizer)cli).RateLimitIn(process, cli.ParseResult(process));
    }
}
