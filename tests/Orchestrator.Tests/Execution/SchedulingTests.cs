using Orchestrator.Execution;
using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Tests.Execution;

public sealed class SchedulingTests
{
    [Fact]
    public async Task The_task_on_the_longest_remaining_path_starts_first_and_no_batch_barrier_holds_a_ready_task_back()
    {
        // A -> B -> C is the long chain (2 s a task); D and E take 1 s and are independent. One slot: the chain goes first.
        var dependencies = new Dictionary<string, string[]> { ["D"] = [], ["E"] = [], ["A"] = [], ["B"] = ["A"], ["C"] = ["B"] };
        var remaining = new Dictionary<string, double> { ["A"] = 6, ["B"] = 4, ["C"] = 2, ["D"] = 1, ["E"] = 1 };
        var started = new List<string>();
        var scheduler = new ReadyQueueScheduler(["D", "E", "A", "B", "C"], id => dependencies[id], id => remaining[id], maxConcurrent: 1);

        await scheduler.RunAsync(
            id =>
            {
                started.Add(id);
                return Task.FromResult(true);
            },
            (_, _) => { },
            CancellationToken.None);

        started.Should().Equal("A", "B", "C", "D", "E");
    }

    [Fact]
    public async Task A_task_that_does_not_complete_blocks_only_its_transitive_dependents()
    {
        var dependencies = new Dictionary<string, string[]> { ["A"] = [], ["B"] = ["A"], ["C"] = ["B"], ["D"] = [] };
        var blocked = new List<(string, string)>();
        var ran = new List<string>();
        var scheduler = new ReadyQueueScheduler(["A", "B", "C", "D"], id => dependencies[id], _ => 1, maxConcurrent: 2);

        await scheduler.RunAsync(
            id =>
            {
                lock (ran)
                {
                    ran.Add(id);
                }

                return Task.FromResult(id != "A");
            },
            (id, cause) => blocked.Add((id, cause)),
            CancellationToken.None);

        ran.Should().BeEquivalentTo(["A", "D"]);
        blocked.Should().BeEquivalentTo([("B", "A"), ("C", "A")]);
    }

    [Fact]
    public async Task A_task_that_waits_gives_its_slot_to_the_next_ready_task_and_takes_one_again_before_new_tasks()
    {
        // One slot. A waits (as for a rate limit) until B has started; without giving its slot back B could never start.
        // A's wait ends while B runs, so A is waiting for the slot when B ends, and gets it before C, not yet started.
        var dependencies = new Dictionary<string, string[]> { ["A"] = [], ["B"] = [], ["C"] = [] };
        var remaining = new Dictionary<string, double> { ["A"] = 3, ["B"] = 2, ["C"] = 1 };
        var scheduler = new ReadyQueueScheduler(["A", "B", "C"], id => dependencies[id], id => remaining[id], maxConcurrent: 1);
        var bRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new List<string>();

        await scheduler.RunAsync(
            async id =>
            {
                lock (events)
                {
                    events.Add($"{id} starts");
                }

                if (id == "A")
                {
                    await scheduler.Slots.IdleWhileAsync(() => bRan.Task.WaitAsync(TimeSpan.FromSeconds(10)));
                    await Task.Delay(50);
                }
                else
                {
                    bRan.TrySetResult();
                    await Task.Delay(200);
                }

                lock (events)
                {
                    events.Add($"{id} ends");
                }

                return true;
            },
            (_, _) => { },
            CancellationToken.None);

        events.Should().Equal("A starts", "B starts", "B ends", "A ends", "C starts", "C ends");
    }

    [Fact]
    public void A_task_without_an_estimate_is_expected_to_take_its_median_duration_in_earlier_runs()
    {
        var directory = Path.Combine(Path.GetTempPath(), "orch-tests", $"estimates-{Guid.NewGuid():N}");
        try
        {
            var journal = new TaskJournal(directory);
            foreach (var (run, ms) in new[] { ("r1", 4000L), ("r2", 1000L), ("r3", 9000L), ("now", 60000L) })
            {
                journal.Append(new TaskEvent { RunId = run, Task = "T1", Status = TaskRunStatus.Completed, DurationMs = ms });
            }

            File.AppendAllText(journal.Path, "{\"run_id\":\"r4\",\"task\":\"T1\",\"sta");
            var estimates = DurationEstimates.FromJournal(journal.ReadAll(), "now");

            estimates.Of(new PlanTask { Id = "T1", Description = "x" }).Should().Be(4, "median of 1, 4 and 9 s; the current run and a torn line are ignored");
            estimates.Of(new PlanTask { Id = "T1", Description = "x", EstimateSeconds = 7 }).Should().Be(7);
            estimates.Of(new PlanTask { Id = "T2", Description = "x" }).Should().Be(1);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
