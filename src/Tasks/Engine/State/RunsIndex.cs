namespace Orchestrator.State;

/// <summary>One run that was started with this artifacts folder.</summary>
public sealed record RunRecord(string RunId, string RepoPath, string? BaseCommit, DateTime StartedAt, string? PlanPath);

/// <summary>
/// <c>phase-state/runs.json</c>: every run started with this artifacts folder, oldest first, so that Status and Cleanup
/// reach older runs too (state.json holds the latest only).
/// </summary>
public sealed class RunsIndex(string path)
{
    public IReadOnlyList<RunRecord> ReadAll()
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return StateJson.Deserialize<List<RunRecord>>(File.ReadAllText(path)) ?? [];
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            throw new InputException($"{path}: corrupt runs index: {ex.Message.Split('.')[0]}");
        }
    }

    /// <summary>Adds a run when it starts; a run that goes on keeps its first record.</summary>
    public void Add(RunRecord run)
    {
        var runs = ReadAll().ToList();
        if (runs.All(r => r.RunId != run.RunId))
        {
            AtomicFile.WriteAllText(path, StateJson.Serialize(runs.Append(run)));
        }
    }

    public void Remove(string runId)
    {
        var runs = ReadAll().Where(r => r.RunId != runId).ToList();
        AtomicFile.WriteAllText(path, StateJson.Serialize(runs));
    }
}
