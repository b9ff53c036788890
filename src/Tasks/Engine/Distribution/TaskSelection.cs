using System.Globalization;
using Orchestrator.Plans;

namespace Orchestrator.Distribution;

/// <summary>Which of a plan's tasks one worker runs: shard <c>i</c> of <c>n</c> (<see cref="ChainShards"/>), or tasks by id.</summary>
public sealed record TaskSelection
{
    public int Shard { get; init; }

    public int Shards { get; init; }

    public IReadOnlyList<string> Tasks { get; init; } = [];

    /// <summary>The text of <c>--shard=i/n</c>; a mistake is one line naming the flag.</summary>
    public static TaskSelection ParseShard(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shards)
            && shards is >= 1 and <= ChainShards.MatrixLimit && shard >= 1 && shard <= shards
            ? new TaskSelection { Shard = shard, Shards = shards }
            : throw new InputException($"--shard: expected i/n with 1 <= i <= n <= {ChainShards.MatrixLimit}, got '{text}'");
    }

    /// <summary>The tasks of <paramref name="plan"/> selected; an id the plan does not have is bad input.</summary>
    public IReadOnlySet<string> Select(TaskPlan plan)
    {
        if (Tasks.FirstOrDefault(id => !plan.Contains(id)) is { } unknown)
        {
            throw new InputException($"--tasks: the run's plan has no task {TaskId.Printable(unknown)}");
        }

        if (Tasks.Count > 0)
        {
            return Tasks.ToHashSet(StringComparer.Ordinal);
        }

        var shards = ChainShards.Of(plan, Shards);
        return Shard <= shards.Count ? shards[Shard - 1].ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
    }
}
