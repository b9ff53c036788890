using Orchestrator.Runs;

namespace Orchestrator.Merge;

/// <summary>
/// Test gating of a whole batch: test the integration head once; on failure bisect for the first failing prefix of the
/// merge order, mark its last task <c>test_failed</c>, drop it (its dependents become blocked), merge the rest again and
/// gate again.
/// </summary>
/// <remarks>
/// Bisection runs over prefixes of the merge order, never arbitrary subsets: a task's branch already contains its
/// dependencies' commits, so a subset is only testable when it is closed under dependencies, and prefixes of a
/// topological order always are. Each prefix's head was already built by the merge, so bisecting merges nothing.
/// One culprit among n is isolated in at most ⌈log2 n⌉ + 1 runs (the batch run and the halvings); the prefix before the
/// culprit is assumed green unless it is the bare base, which is tested before blaming the very first task.
/// </remarks>
internal sealed class BatchGate(PhaseContext run, TestGate gate, TaskMerger merger, MergeOutput output)
{
    public async Task<TestRun> RunAsync(CancellationToken cancellation)
    {
        var knownGood = 0;
        while (true)
        {
            var steps = merger.Steps;
            var whole = await gate.RunAsync(HeadAfter(steps.Count), $"batch of {steps.Count} merges", cancellation);
            if (whole.Passed || steps.Count == knownGood)
            {
                return whole;
            }

            var (passing, failing, failingRun) = (knownGood, steps.Count, whole);
            while (failing - passing > 1)
            {
                var middle = passing + ((failing - passing) / 2);
                var probe = await gate.RunAsync(HeadAfter(middle), $"bisect: first {middle} of {steps.Count} merges", cancellation);
                (passing, failing, failingRun) = probe.Passed ? (middle, failing, failingRun) : (passing, middle, probe);
            }

            if (failing == 1 && !(await gate.RunAsync(merger.StartHead, "the base, before blaming the first task", cancellation)).Passed)
            {
                run.Log.Error("The tests fail on the run's base commit too: no task is to blame");
                return whole;
            }

            var culprit = steps[failing - 1];
            output.TestFailed.Add(new TestFailure(culprit.Task, failingRun.OutputTail));
            run.Log.Error($"{culprit.Task} makes the tests fail (found in {gate.Runs} test runs); dropping it and merging the rest again");
            merger.Drop(culprit.Task);
            await merger.RebuildAfterAsync(failing - 1, $"{culprit.Task} fails the tests", cancellation);
            knownGood = failing - 1;
        }
    }

    private string HeadAfter(int steps) => steps == 0 ? merger.StartHead : merger.Steps[steps - 1].Head;
}
