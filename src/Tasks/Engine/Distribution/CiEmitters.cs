using System.Text;
using Newtonsoft.Json.Linq;
using Orchestrator.Plans;

namespace Orchestrator.Distribution;

/// <summary>
/// What planning prints for a CI system to fan the run out (<c>--emit</c>): GitHub Actions' matrix of chain shards, or
/// Buildkite steps, one per task, whose <c>depends_on</c> is the plan's DAG so Buildkite's scheduler runs the true graph.
/// </summary>
public static class CiEmitters
{
    /// <summary>Buildkite takes at most this many steps in one upload.</summary>
    public const int BuildkiteUploadLimit = 500;

    /// <summary>The command each CI job runs: the .NET tool.</summary>
    public const string Launcher = "orchestrator";

    /// <summary><c>{"include":[{"shard":"1/3","tasks":"T1,T4"},…]}</c> on one line, for <c>fromJSON</c> in <c>strategy.matrix</c>.</summary>
    public static string GitHubMatrix(TaskPlan plan, int shards)
    {
        var dealt = ChainShards.Of(plan, shards);
        var include = new JArray(dealt.Select((tasks, i) => new JObject
        {
            ["shard"] = $"{i + 1}/{shards}",
            ["tasks"] = string.Join(',', tasks),
        }));
        return new JObject { ["include"] = include }.ToString(Newtonsoft.Json.Formatting.None);
    }

    /// <summary>The worker's command line for a run (its remote and id) and a selection (<c>--shard=…</c> or <c>--tasks=…</c>).</summary>
    public static string WorkerCommand(string runId, string remote, string selection) =>
        $"{Launcher} --only-phase=ParallelExecution --run-id={runId} --remote={Quoting.Shell(remote)} --repo-path=. {selection}";

    public static string MergeCommand(string runId, string remote) =>
        $"{Launcher} --only-phase=Merge --run-id={runId} --remote={Quoting.Shell(remote)} --repo-path=.";

    /// <summary>
    /// Buildkite pipeline documents (separated by <c>---</c>), each of at most <see cref="BuildkiteUploadLimit"/> steps,
    /// in topological order so every <c>depends_on</c> names a step uploaded before or with it; the last ends with the merge.
    /// </summary>
    public static string Buildkite(TaskPlan plan, string runId, string remote)
    {
        var graph = new TaskGraph(plan);
        var tasks = graph.TopologicalOrder.Where(id => plan[id].ToDo).ToList();
        var steps = tasks.Select(id => TaskStep(plan, plan[id], runId, remote)).ToList();
        steps.Add("  - wait: ~\n    continue_on_failure: true\n");
        steps.Add($"  - key: \"merge\"\n    label: \"merge\"\n    command: {Quoting.Yaml(MergeCommand(runId, remote))}\n");
        var documents = steps.Chunk(BuildkiteUploadLimit).Select(chunk => "steps:\n" + string.Concat(chunk));
        return string.Join("---\n", documents);
    }

    /// <summary>The key of a task's step (Buildkite keys may not look like UUIDs; a prefix keeps them apart from ours).</summary>
    public static string StepKey(string taskId) => "task-" + taskId;

    private static string TaskStep(TaskPlan plan, PlanTask task, string runId, string remote)
    {
        var step = new StringBuilder()
            .Append($"  - key: {Quoting.Yaml(StepKey(task.Id))}\n")
            .Append($"    label: {Quoting.Yaml(task.Id)}\n")
            .Append($"    command: {Quoting.Yaml(WorkerCommand(runId, remote, $"--tasks={task.Id}"))}\n")
            .Append("    allow_dependency_failure: true\n");
        var dependencies = task.DependsOn.Where(d => plan[d].ToDo).ToList();
        if (dependencies.Count > 0)
        {
            step.Append("    depends_on:\n");
            dependencies.ForEach(d => step.Append($"      - {Quoting.Yaml(StepKey(d))}\n"));
        }

        return step.ToString();
    }
}
