using System.Buffers;
using Orchestrator.Context;
using Orchestrator.Processes;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

/// <summary>
/// The run's start and first phases call git blocking, one call at a time (no async pipe readers): what they get back
/// must be what the async calls get, and a call must not hang on a full pipe or outlive its cancellation.
/// </summary>
public sealed class BlockingCallsTests : IDisposable
{
    private readonly TempRepo _repo = new("blocking");

    [Fact]
    public async Task A_blocking_run_gives_the_same_exit_code_output_and_errors_as_the_async_one()
    {
        var spec = new ProcessSpec("sh", ["-c", "printf 'one\\r\\ntwo\\n\\nthree\\rfour'; printf 'oops\\nagain' >&2; exit 3"]);

        var blocking = ChildProcess.Run(spec, CancellationToken.None);
        var awaited = await ChildProcess.RunAsync(spec, CancellationToken.None);

        blocking.ExitCode.Should().Be(3);
        blocking.StandardOutput.Should().Be(awaited.StandardOutput).And.Be("one\ntwo\n\nthree\nfour\n");
        blocking.StandardError.Should().Be(awaited.StandardError).And.Be("oops\nagain\n");
        blocking.Cancelled.Should().BeFalse();
    }

    [Fact]
    public void A_blocking_run_reads_more_errors_than_a_pipe_holds_while_it_reads_the_output()
    {
        var spec = new ProcessSpec("sh", ["-c", "head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero | tr '\\0' o"]);

        var result = ChildProcess.Run(spec, CancellationToken.None);

        result.ExitCode.Should().Be(0);
        result.StandardError.Length.Should().Be(300_001);
        result.StandardOutput.Length.Should().Be(300_001);
    }

    [Fact]
    public void A_cancelled_blocking_run_stops_the_process_and_says_it_was_cancelled()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var result = ChildProcess.Run(new ProcessSpec("sh", ["-c", "echo started; sleep 60; echo finished"]), cancel.Token);

        result.Cancelled.Should().BeTrue();
        result.ExitCode.Should().NotBe(0);
        result.StandardOutput.Should().NotContain("finished");
    }

    [Fact]
    public void Blobs_asked_for_are_handed_over_in_order_even_when_the_ids_fill_git_s_input_pipe()
    {
        _repo.Write("a.txt", "alpha\n").Write("b.txt", "beta beta\n");
        _repo.Commit();
        var (a, b) = (_repo.Git("rev-parse", "HEAD:a.txt"), _repo.Git("rev-parse", "HEAD:b.txt"));
        // 6,000 ids (246 kB) are more than git's input pipe holds before it answers: git writes while it is still fed.
        var asked = Enumerable.Range(0, 6000).Select(i => i % 3 == 0 ? a : i % 3 == 1 ? b : new string('0', 40)).ToList();
        var received = new List<(int Index, string Text)>();

        GitBlobs.ReadEach(_repo.RepoPath, asked, (i, content, length) =>
        {
            received.Add((i, System.Text.Encoding.UTF8.GetString(content, 0, length)));
            ArrayPool<byte>.Shared.Return(content);
        }, CancellationToken.None);

        received.Should().HaveCount(4000, "a missing object is skipped");
        received.Should().BeInAscendingOrder(r => r.Index);
        received.Should().OnlyContain(r => r.Text == (r.Index % 3 == 0 ? "alpha\n" : "beta beta\n"));
    }

    public void Dispose() => _repo.Dispose();
}
