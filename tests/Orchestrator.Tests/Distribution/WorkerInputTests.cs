using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Distribution;

/// <summary>Mistakes in the flags that spread a run over machines: one line naming the flag, exit 2, nothing created.</summary>
public sealed class WorkerInputTests
{
    [Theory]
    [InlineData("--shard=4/3", "error: --shard: expected i/n with 1 <= i <= n <= 256, got '4/3'")]
    [InlineData("--shard=1/2 --tasks=T1", "error: --shard and --tasks cannot be used together")]
    [InlineData("--shards=300", "error: --shards: at most 256 (GitHub's matrix limit), got 300")]
    [InlineData("--emit=gitlab", "error: --emit: expected github-matrix or buildkite, got 'gitlab'")]
    [InlineData("--shard=1/2", "error: --shard: the run has no --remote to meet its other machines at")]
    [InlineData("--tasks=T1,T9 --remote=origin", "error: --tasks: the run's plan has no task \"T9\"")]
    [InlineData("--run-id=nope --only-phase=ParallelExecution", "error: --run-id: no run nope in {artifacts}/phase-state (pass --remote=<name|url> to find it on the shared remote)")]
    public void A_mistake_in_the_flags_across_machines_is_one_line_and_exit_2(string flags, string message)
    {
        using var plan = new SmallPlan();

        var result = OrchestratorCli.Run(plan.Repo.Root, plan.Args(flags.Split(' ')));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().Be(message.Replace("{artifacts}", plan.Repo.Artifacts));
        Directory.Exists(plan.Repo.Artifacts).Should().BeFalse("nothing is created");
    }
}
