namespace Orchestrator.Merge;

/// <summary>When the tests run: once on the whole batch (bisecting on failure), or after every merge.</summary>
public enum MergeStrategy
{
    Batch,
    Each,
}

/// <summary>What Merge does with a task whose branch conflicts with the integration branch.</summary>
public enum ConflictPolicy
{
    Report,
    RetrySequential,
}
