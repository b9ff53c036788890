namespace Orchestrator.Tests.Safety;

/// <summary>Finding 6 and misbehaving agents: whatever a task's agent starts is stopped when the task ends.</summary>
public sealed class ProcessContainmentTests : IDisposable
{
    private readonly SafetyCase _case = new();

    [Theory]
    [InlineData("daemon-nohup")]
    [InlineData("daemon-setsid")]
    [InlineData("daemon-writer")]
    public void Processes_an_agent_leaves_behind_are_stopped_when_its_task_completes(string fault)
    {
        _case.WithPlan(_case.FaultTask("F", fault));

        var result = _case.Run();

        result.ExitCode.Should().Be(0, result.ToString());
        _case.Status("F").Should().Be("completed");
        result.Output.Should().Contain("F: stopped");
        _case.AssertContained(result);
    }

    [Theory]
    [InlineData("hang", "timeout")]
    [InlineData("ignore-sigterm", "timeout")]
    [InlineData("crash", "failed")]
    public void A_hanging_stubborn_or_crashing_agent_ends_its_task_with_a_defined_status(string fault, string status)
    {
        _case.WithPlan(_case.FaultTask("F", fault), _case.InnocentTask("I", 0.1));

        var result = _case.Run("--timeout=2", "--max-concurrent=2");

        result.ExitCode.Should().Be(1, result.ToString());
        _case.Status("F").Should().Be(status);
        _case.Status("I").Should().Be("completed");
        _case.AssertContained(result);
    }

    public void Dispose() => _case.Dispose();
}
