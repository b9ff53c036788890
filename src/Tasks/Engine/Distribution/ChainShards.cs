using Orchestrator.Plans;

namespace Orchestrator.Distribution;

/// <summary>
/// A plan cut into shards that rarely wait on each other: the DAG covered with chains (each task continues the chain of
/// its dependency with the longest remaining path, so the critical path stays whole), the chains then dealt out by
/// estimated duration, the longest first, each to the shard with the least work so far. Deterministic: every machine
/// that computes the shards of the same plan gets the same ones.
/// </summary>
public static class ChainShards
{
    /// <summary>GitHub Actions runs at most this many jobs from one matrix.</summary>
    public const int MatrixLimit = 256;

    /// <summary>At most <paramref name="shards"/> (and <see cref="MatrixLimit"/>) non-empty shards, each in topological order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Of(TaskPlan plan, int shards)
    {
        var graph = new TaskGraph(plan);
        var order = graph.TopologicalOrder.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        var remaining = graph.LongestPathToEnd();
        var toDo = graph.TopologicalOrder.Where(id => plan[id].ToDo).OrderBy(id => -remaining[id]).ThenBy(id => order[id]).ToList();
        var chains = new List<List<string>>();
        var chainOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in toDo)
        {
            var chain = plan[id].DependsOn
                .Where(d => chainOf.TryGetValue(d, out var c) && c[^1] == d)
                .OrderBy(d => -remaining[d]).ThenBy(d => order[d])
                .Select(d => chainOf[d])
                .FirstOrDefault();
            if (chain is null)
            {
                chain = [];
                chains.Add(chain);
            }

            chain.Add(id);
            chainOf[id] = chain;
        }

        var count = Math.Max(1, Math.Min(Math.Min(shards, MatrixLimit), chains.Count));
        var load = new double[count];
        var dealt = Enumerable.Range(0, count).Select(_ => new List<string>()).ToList();
        foreach (var chain in chains.OrderByDescending(c => c.Sum(id => TaskGraph.DefaultEstimate(plan[id]))).ThenBy(c => order[c[0]]))
        {
            var least = Array.IndexOf(load, load.Min());
            load[least] += chain.Sum(id => TaskGraph.DefaultEstimate(plan[id]));
            dealt[least].AddRange(chain);
        }

        return dealt.Where(s => s.Count > 0).Select(s => (IReadOnlyList<string>)s.OrderBy(id => order[id]).ToList()).ToList();
    }
}
