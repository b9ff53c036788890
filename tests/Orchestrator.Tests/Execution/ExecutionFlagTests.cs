using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

public sealed class ExecutionFlagTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("flags");

    [Theory]
    [InlineData("--retries=-1", "--retries: expected a whole number")]
    [InlineData("--retry-delay=soon", "--retry-delay: expected seconds")]
    [InlineData("--agent=telepathy", "--agent: unknown agent 'telepathy' (known: command, claude")]
    public void A_bad_execution_flag_is_refused_with_one_line_naming_it(string flag, string message)
    {
        _repo.WithTasks(("T1", "true", []));

        var result = OrchestratorCli.Run(_repo.Repo.Root, _repo.Args(flag));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain(message);
    }

    public void Dispose() => _repo.Dispose();
}
