using Orchestrator.Agents;
using Orchestrator.Processes;

namespace Orchestrator.Tests.Agents;

/// <summary>Success, error text and usage are read from each CLI's recorded output shape, not from the exit code alone.</summary>
public sealed class ResultParsingTests
{
    private static readonly AgentSettings Defaults = new();

    [Fact]
    public void A_claude_result_gives_the_answer_cost_tokens_turns_and_session()
    {
        var result = Parse("claude", 0, """
            {"type":"result","subtype":"success","is_error":false,"duration_ms":2300,"num_turns":3,"result":"Added the endpoint.","session_id":"5b68fe45","total_cost_usd":0.0421,"usage":{"input_tokens":1200,"cache_creation_input_tokens":300,"cache_read_input_tokens":500,"output_tokens":250}}
            """);

        result.Success.Should().BeTrue();
        result.ResultText.Should().Be("Added the endpoint.");
        result.Usage.Should().BeEquivalentTo(new AgentUsage { InputTokens = 2000, OutputTokens = 250, CostUsd = 0.0421m, Turns = 3, SessionId = "5b68fe45" });
    }

    [Fact]
    public void A_claude_api_error_fails_even_though_its_subtype_says_success()
    {
        var result = Parse("claude", 1, """
            {"type":"result","subtype":"success","is_error":true,"num_turns":1,"result":"API Error: 500 {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Overloaded\"}}","session_id":"s1","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0}}
            """);

        result.Success.Should().BeFalse();
        result.Error.Should().StartWith("API Error: 500").And.Contain("Overloaded");
    }

    [Fact]
    public void A_claude_run_that_hit_its_turn_limit_fails_with_the_subtype()
    {
        var result = Parse("claude", 0, """{"type":"result","subtype":"error_max_turns","is_error":false,"num_turns":5,"session_id":"s2","usage":{}}""");

        result.Success.Should().BeFalse();
        result.Error.Should().Be("error_max_turns");
    }

    [Fact]
    public void A_codex_event_stream_gives_tokens_summed_over_turns_and_the_last_message()
    {
        var result = Parse("codex", 0, """
            {"type":"thread.started","thread_id":"0199a213-81c0"}
            {"type":"turn.started"}
            {"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","exit_code":0,"status":"completed"}}
            {"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"Done."}}
            {"type":"turn.completed","usage":{"input_tokens":24763,"cached_input_tokens":24448,"output_tokens":122}}
            """);

        result.Success.Should().BeTrue();
        result.ResultText.Should().Be("Done.");
        result.Usage.Should().BeEquivalentTo(new AgentUsage { InputTokens = 24763, OutputTokens = 122, CostUsd = null, Turns = 1, SessionId = "0199a213-81c0" });
    }

    [Fact]
    public void A_codex_failed_turn_fails_with_its_message()
    {
        var result = Parse("codex", 1, """
            {"type":"thread.started","thread_id":"t"}
            {"type":"turn.started"}
            {"type":"error","message":"stream disconnected before completion"}
            {"type":"turn.failed","error":{"message":"stream disconnected before completion"}}
            """);

        result.Success.Should().BeFalse();
        result.Error.Should().Be("stream disconnected before completion");
    }

    [Fact]
    public void A_gemini_json_result_gives_the_response_and_tokens_of_every_model()
    {
        var result = Parse("gemini", 0, """
            {
              "session_id": "g-1",
              "response": "Created the file.",
              "stats": {
                "models": {
                  "gemini-2.5-flash-lite": { "api": { "totalRequests": 1 }, "tokens": { "prompt": 800, "candidates": 20, "total": 820 } },
                  "gemini-2.5-pro": { "api": { "totalRequests": 2 }, "tokens": { "prompt": 4000, "candidates": 300, "total": 4300 } }
                },
                "tools": { "totalCalls": 1 }
              }
            }
            """);

        result.Success.Should().BeTrue();
        result.ResultText.Should().Be("Created the file.");
        result.Usage.Should().BeEquivalentTo(new AgentUsage { InputTokens = 4800, OutputTokens = 320, Turns = 3, SessionId = "g-1" });
    }

    [Theory]
    [InlineData(41, "authentication failed (exit 41)")]
    [InlineData(42, "invalid input (exit 42)")]
    [InlineData(52, "configuration error (exit 52)")]
    [InlineData(53, "turn limit reached (exit 53)")]
    [InlineData(54, "a tool failed fatally (exit 54)")]
    [InlineData(130, "interrupted (exit 130)")]
    public void Gemini_exit_codes_are_explained(int exitCode, string meaning)
    {
        Parse("gemini", exitCode, "").Error.Should().StartWith(meaning);
    }

    [Fact]
    public void A_gemini_api_error_fails_with_the_json_error_from_stderr()
    {
        var result = Parse("gemini", 244, "", """
            Attempt 1 failed: {"error":{"code":500}}. Max attempts reached
              status: 500
            }
            {
              "session_id": "541dbb09",
              "error": {
                "type": "Error",
                "message": "[API Error: boom]",
                "code": 500
              }
            }
            """);

        result.Success.Should().BeFalse();
        result.Error.Should().Be("[API Error: boom]");
    }

    [Fact]
    public void A_cursor_result_object_gives_the_answer_and_session()
    {
        var result = Parse("cursor", 0, """
            {"type":"result","subtype":"success","is_error":false,"duration_ms":1234,"duration_api_ms":1234,"result":"Refactored.","session_id":"c-9","request_id":"r-1"}
            """);

        result.Success.Should().BeTrue();
        result.ResultText.Should().Be("Refactored.");
        result.Usage!.SessionId.Should().Be("c-9");
    }

    [Fact]
    public void An_amp_stream_ends_in_a_result_message_with_turns_and_usage()
    {
        var result = Parse("amp", 0, """
            {"type":"system","subtype":"init","cwd":"/w","session_id":"T-abc","tools":["Read","edit_file"]}
            {"type":"assistant","message":{"content":[{"type":"text","text":"Working."}],"usage":{"input_tokens":10,"output_tokens":5}},"session_id":"T-abc"}
            {"type":"result","subtype":"success","duration_ms":5000,"is_error":false,"num_turns":2,"result":"Finished.","session_id":"T-abc","usage":{"input_tokens":900,"output_tokens":80}}
            """);

        result.Success.Should().BeTrue();
        result.Usage.Should().BeEquivalentTo(new AgentUsage { InputTokens = 900, OutputTokens = 80, Turns = 2, SessionId = "T-abc" });
    }

    [Fact]
    public void An_amp_error_result_fails_with_its_error()
    {
        var result = Parse("amp", 1, """{"type":"result","subtype":"error_during_execution","is_error":true,"error":"Insufficient credit","session_id":"T-x","num_turns":0}""");

        result.Success.Should().BeFalse();
        result.Error.Should().Be("Insufficient credit");
    }

    [Fact]
    public void An_opencode_stream_gives_tokens_and_cost_per_step()
    {
        var result = Parse("opencode", 0, """
            {"type":"step_start","timestamp":1767036059338,"sessionID":"ses_49","part":{"type":"step-start"}}
            {"type":"tool_use","timestamp":1767036059400,"sessionID":"ses_49","part":{"type":"tool","tool":"write","state":{"status":"completed"}}}
            {"type":"step_finish","timestamp":1767036059500,"sessionID":"ses_49","part":{"type":"step-finish","reason":"tool-calls","cost":0.002,"tokens":{"input":1000,"output":50,"reasoning":0,"cache":{"read":200,"write":0}}}}
            {"type":"text","timestamp":1767036059600,"sessionID":"ses_49","part":{"type":"text","text":"Wrote it."}}
            {"type":"step_finish","timestamp":1767036059700,"sessionID":"ses_49","part":{"type":"step-finish","reason":"stop","cost":0.001,"tokens":{"input":300,"output":10,"reasoning":0,"cache":{"read":0,"write":0}}}}
            """);

        result.Success.Should().BeTrue();
        result.ResultText.Should().Be("Wrote it.");
        result.Usage.Should().BeEquivalentTo(new AgentUsage { InputTokens = 1500, OutputTokens = 60, CostUsd = 0.003m, Turns = 2, SessionId = "ses_49" });
    }

    [Fact]
    public void An_opencode_error_event_fails_the_task()
    {
        var result = Parse("opencode", 0, """{"type":"error","timestamp":1,"sessionID":"ses_1","error":{"name":"APIError","data":{"message":"Invalid API key"}}}""");

        result.Success.Should().BeFalse();
        result.Error.Should().Be("Invalid API key");
    }

    [Fact]
    public void Aider_token_and_cost_lines_are_added_up()
    {
        var result = Parse("aider", 0, """
            Aider v0.86.1
            Applied edit to src/a.py
            Tokens: 2.3k sent, 1.1k cache write, 145 received. Cost: $0.0123 message, $0.0123 session.
            Tokens: 3,100 sent, 210 received. Cost: $0.02 message, $0.0323 session.
            """);

        result.Success.Should().BeTrue();
        result.Usage.Should().BeEquivalentTo(new AgentUsage { InputTokens = 5400, OutputTokens = 355, CostUsd = 0.0323m, Turns = 2 });
    }

    [Fact]
    public void Copilot_output_is_the_answer_and_its_exit_code_decides()
    {
        Parse("copilot", 0, "Made the change.\n").ResultText.Should().Be("Made the change.");
        Parse("copilot", 1, "", "Error: not logged in\n").Error.Should().Be("exit code 1: Error: not logged in");
    }

    private static AgentResult Parse(string agent, int exitCode, string stdout, string stderr = "") =>
        AgentCatalog.CreateCli(agent, Defaults).ParseResult(new ProcessResult(exitCode, stdout, stderr, TimeSpan.FromSeconds(1)));
}
