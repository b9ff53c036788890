using Orchestrator.State;

namespace Orchestrator.Tests.Execution;

public sealed class JournalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orch-tests", $"journal-{Guid.NewGuid():N}");

    [Fact]
    public async Task Transitions_recorded_at_the_same_moment_are_in_the_file_at_once_and_share_flushes_to_disk()
    {
        var journal = new TaskJournal(_directory);
        var flushed = new List<Task>();
        for (var i = 0; i < 40; i++)
        {
            flushed.Add(journal.AppendAsync(new TaskEvent { RunId = "r1", Task = $"T{i:00}", Status = TaskRunStatus.Running }));
            new TaskJournal(_directory).ReadAll().Should().HaveCount(i + 1, "a line is written before the caller goes on: a kill cannot lose it");
        }

        await Task.WhenAll(flushed);
        journal.Append(new TaskEvent { RunId = "r1", Task = "T00", Status = TaskRunStatus.Completed });

        journal.ReadAll().Select(e => e.Task).Should().Equal(Enumerable.Range(0, 40).Select(i => $"T{i:00}").Append("T00"));
        journal.Flushes.Should().BeLessThan(41, "lines written while a flush ran go to disk with the next one");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
