using Orchestrator.Agents;

namespace Orchestrator.Tests.Agents;

/// <summary>Each agent CLI is started with its documented headless flags, the prompt as one argv element.</summary>
public sealed class AdapterCommandLineTests
{
    private const string Prompt = "# Task T1\n\nDo it";

    private static readonly AgentInvocation Invocation = new()
    {
        TaskId = "T1",
        Description = "Do it",
        Worktree = "/w/T1",
        PromptFile = "/p/T1.md",
        LogPath = "/l/T1.log",
        Files = ["src/a.py", "src/b.py"],
    };

    [Theory]
    [InlineData("claude", "claude", "-p|<prompt>|--output-format|json|--permission-mode|acceptEdits")]
    [InlineData("codex", "codex", "exec|--json|--sandbox|workspace-write|--|<prompt>")]
    [InlineData("gemini", "gemini", "-p|<prompt>|-o|json|--approval-mode|yolo")]
    [InlineData("copilot", "copilot", "-p|<prompt>|--allow-all-tools")]
    [InlineData("cursor", "cursor-agent", "-p|<prompt>|--output-format|json|--force")]
    [InlineData("aider", "aider", "--message|<prompt>|--yes-always|--no-auto-commits|--|src/a.py|src/b.py")]
    [InlineData("opencode", "opencode", "run|--format|json|--|<prompt>")]
    [InlineData("amp", "amp", "-x|<prompt>|--stream-json|--dangerously-allow-all")]
    public void Each_agent_runs_its_CLI_in_headless_mode(string agent, string program, string expected)
    {
        var cli = AgentCatalog.CreateCli(agent, new AgentSettings { PermissionMode = "acceptEdits" });

        var command = cli.BuildCommand(Prompt, Invocation);

        cli.Program.Should().Be(program);
        command.Arguments.Select(a => a == Prompt ? "<prompt>" : a).Should().Equal(expected.Split('|'));
        command.StandardInput.Should().BeNull();
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    [InlineData("copilot")]
    [InlineData("cursor")]
    [InlineData("aider")]
    [InlineData("opencode")]
    [InlineData("amp")]
    public void I_can_choose_the_program_model_and_extra_arguments_of_any_agent(string agent)
    {
        var cli = AgentCatalog.CreateCli(agent, new AgentSettings { Program = "/opt/bin/x", Model = "m-1", ExtraArguments = ["--extra", "v"] });

        var arguments = cli.BuildCommand(Prompt, Invocation).Arguments;

        cli.Program.Should().Be("/opt/bin/x");
        arguments.Should().ContainInConsecutiveOrder("--model", "m-1").And.ContainInConsecutiveOrder("--extra", "v").And.Contain(Prompt);
    }

    [Fact]
    public void Claude_runs_in_acceptEdits_as_root_and_bypassPermissions_otherwise_unless_configured()
    {
        ClaudeAgent.DefaultPermissionMode(root: true).Should().Be("acceptEdits");
        ClaudeAgent.DefaultPermissionMode(root: false).Should().Be("bypassPermissions");
        new ClaudeAgent(new AgentSettings { PermissionMode = "plan" }).BuildCommand(Prompt, Invocation).Arguments
            .Should().ContainInConsecutiveOrder("--permission-mode", "plan");
        new ClaudeAgent(new AgentSettings { ExtraArguments = ["--permission-mode", "default"] }).BuildCommand(Prompt, Invocation).Arguments
            .Count(a => a == "--permission-mode").Should().Be(1);
    }

    [Theory]
    [InlineData("claude", "-p|--output-format|json|--permission-mode|acceptEdits")]
    [InlineData("codex", "exec|--json|--sandbox|workspace-write|--|-")]
    public void A_prompt_too_long_for_one_argument_goes_through_stdin(string agent, string expected)
    {
        var longPrompt = new string('x', 200_000);

        var command = AgentCatalog.CreateCli(agent, new AgentSettings { PermissionMode = "acceptEdits" }).BuildCommand(longPrompt, Invocation);

        command.Arguments.Should().Equal(expected.Split('|'));
        command.StandardInput.Should().Be(longPrompt);
    }

    [Fact]
    public void An_unknown_agent_is_bad_input_naming_the_known_ones()
    {
        var act = () => AgentCatalog.CreateCli("gpt-pilot", new AgentSettings());

        act.Should().Throw<InputException>().WithMessage("--agent: unknown agent 'gpt-pilot' (known: command, claude, codex, gemini, copilot, cursor, aider, opencode, amp, manual)");
    }

    [Fact]
    public void Agents_are_assigned_round_robin_from_a_comma_separated_list()
    {
        Enumerable.Range(0, 5).Select(i => AgentRoster.Pick("claude,codex", i)).Should().Equal("claude", "codex", "claude", "codex", "claude");
        AgentRoster.Pick("gemini", 7).Should().Be("gemini");
    }

    [Fact]
    public void Claude_takes_the_session_id_it_is_given_continues_it_on_resume_and_gets_the_turn_cap()
    {
        var claude = new ClaudeAgent(new AgentSettings());
        var fresh = Invocation with { SessionId = "0b5c6f3e-1111-4222-8333-944455556666", MaxTurns = 12 };

        claude.BuildCommand(Prompt, fresh).Arguments.Should().ContainInOrder("--session-id", fresh.SessionId).And.ContainInOrder("--max-turns", "12");
        claude.BuildCommand(Prompt, fresh with { ResumeSession = true }).Arguments.Should()
            .ContainInOrder("-p", SessionResume.Prompt).And.ContainInOrder("--resume", fresh.SessionId).And.NotContain("--session-id");
    }

    [Fact]
    public void Gemini_takes_the_session_id_it_is_given_and_continues_it_on_resume()
    {
        var gemini = new GeminiAgent(new AgentSettings());
        var fresh = Invocation with { SessionId = "0b5c6f3e-1111-4222-8333-944455556666" };

        gemini.BuildCommand(Prompt, fresh).Arguments.Should().ContainInOrder("--session-id", fresh.SessionId);
        gemini.BuildCommand(Prompt, fresh with { ResumeSession = true }).Arguments.Should()
            .ContainInOrder("-p", SessionResume.Prompt).And.ContainInOrder("--resume", fresh.SessionId).And.NotContain("--session-id");
    }

    [Fact]
    public void Codex_continues_a_session_with_exec_resume_and_reads_its_id_from_thread_started()
    {
        var codex = new CodexAgent(new AgentSettings());

        codex.BuildCommand(Prompt, Invocation with { SessionId = "th-1", ResumeSession = true }).Arguments.Should()
            .Equal("exec", "resume", "--json", "-c", "sandbox_mode=\"workspace-write\"", "th-1", SessionResume.Prompt);
        codex.SessionIdIn("""{"type":"thread.started","thread_id":"th-1"}""").Should().Be("th-1");
        codex.SessionIdIn("""{"type":"turn.started"}""").Should().BeNull();
    }
}
