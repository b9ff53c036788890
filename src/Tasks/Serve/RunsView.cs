using System.Text.Json.Nodes;
using Orchestrator.Agents;
using Orchestrator.Reporting;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Serve;

/// <summary>
/// The runs in one artifacts folder as the API shows them, drawn from the same picture as the reports
/// (<see cref="RunPicture"/>: the saved state and the journal), with the live run's word on whether it still runs.
/// </summary>
internal sealed class RunsView(string artifacts, IReadOnlyList<PhaseDeclaration> phases, RunHub hub)
{
    private string StateDirectory => Path.Combine(artifacts, RunLayout.StateFolder);

    /// <summary>The latest run's saved state and its picture, or null when none is saved.</summary>
    public (RunState State, RunPicture Picture)? Latest()
    {
        var state = new StateStore(StateDirectory, RunLayout.StateFile).LoadLatest();
        return state is null ? null : (state, RunReports.Of(state, artifacts, phases));
    }

    public IReadOnlyList<RunRecord> Index() => new RunsIndex(Path.Combine(StateDirectory, RunLayout.RunsIndexFile)).ReadAll();

    public List<RunListItem> List()
    {
        var latest = Latest();
        var journal = new TaskJournal(StateDirectory).ReadAll();
        var index = Index();
        var records = index.Where(r => r.RunId != latest?.State.RunId).Select(r => Earlier(r, journal)).ToList();
        if (latest is { } run)
        {
            records.Add(ListItem(run.State, run.Picture, index));
        }

        return [.. records.OrderByDescending(r => r.StartedAt)];
    }

    public JsonObject Detail(RunState state, RunPicture picture) => new()
    {
        ["run_id"] = picture.RunId,
        ["status"] = StatusOf(state, picture),
        ["repo_path"] = picture.RepoPath,
        ["base_commit"] = picture.BaseCommit,
        ["settings"] = state.Settings is null ? null : JsonNode.Parse(state.Settings.ToString(Newtonsoft.Json.Formatting.None)),
        ["phases"] = ToNode(picture.Phases.Select(p => new
        {
            p.Number,
            p.Name,
            p.Status,
            p.DurationMs,
            p.StartedAt,
            p.Error,
            Running = p.Status == "unfinished" && IsRunning(state),
        })),
        ["tasks"] = ToNode(Queue(picture)),
        ["usage"] = ToNode(picture.Usage),
    };

    public static IEnumerable<QueueItem> Queue(RunPicture picture) => picture.Tasks.Select(t => new QueueItem(
        t.Id, t.Description, t.Status, t.PlanPhase, t.Story, t.DependsOn, t.Agent, t.Attempts, t.StartedAt, t.CompletedAt,
        t.DurationMs, t.Error, t.Branch, t.Usage));

    public string StatusOf(RunState state, RunPicture picture) =>
        IsRunning(state) ? "running"
        : hub.EndOf(state.RunId) is { } ended ? ended.Stopped ? "stopped" : ended.Success ? "done" : "failed"
        : picture.Verdict switch { "done" => "done", "FAILED" => "failed", _ => "stopped" };

    private bool IsRunning(RunState state) =>
        hub.Live is { IsRunning: true } live && (live.RunId is null || live.RunId == state.RunId)
        || state.CurrentPhase is not null && RunLease.IsHeld(artifacts);

    private RunListItem ListItem(RunState state, RunPicture picture, IReadOnlyList<RunRecord> index)
    {
        var ended = picture.Phases.Where(p => p.StartedAt is not null && p.Status is "ok" or "failed")
            .Select(p => p.StartedAt!.Value.AddMilliseconds(p.DurationMs)).DefaultIfEmpty().Max();
        var status = StatusOf(state, picture);
        var started = picture.Phases.Where(p => p.StartedAt is not null).Select(p => p.StartedAt!.Value).DefaultIfEmpty(state.SavedAt).Min();
        return new RunListItem(
            picture.RunId, status, index.FirstOrDefault(r => r.RunId == picture.RunId)?.StartedAt ?? started,
            status == "running" || ended == default ? null : ended, picture.Tasks.Count,
            Counts(picture.Tasks.Select(t => t.Status)), picture.Usage?.CostUsd);
    }

    /// <summary>A run before the latest: only its journal is left to tell of it.</summary>
    private static RunListItem Earlier(RunRecord run, IReadOnlyList<TaskEvent> journal)
    {
        var entries = journal.Where(e => e.RunId == run.RunId).ToList();
        var latest = TaskJournal.LatestByTask(entries).Values.ToList();
        var bad = latest.Any(e => RunPicture.IsBad(e.Status.ToString().ToLowerInvariant()));
        return new RunListItem(
            run.RunId, latest.Count == 0 ? "stopped" : bad ? "failed" : "done", run.StartedAt, entries.LastOrDefault()?.At, latest.Count,
            Counts(latest.Select(e => e.Status.ToString().ToLowerInvariant())), null);
    }

    private static SortedDictionary<string, int> Counts(IEnumerable<string> statuses) =>
        new(statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    private static JsonNode? ToNode<T>(T value) => System.Text.Json.JsonSerializer.SerializeToNode(value, ApiJson.Options);
}

public sealed record RunListItem(
    string RunId, string Status, DateTime StartedAt, DateTime? CompletedAt, int TasksTotal, IReadOnlyDictionary<string, int> TasksByStatus,
    decimal? CostUsd);

/// <summary>A task as the queue shows it; <c>phase</c> is the plan's own phase (spec-kit's), <c>story</c> its user story.</summary>
public sealed record QueueItem(
    string Id, string Description, string Status, string? Phase, string? Story, IReadOnlyList<string> DependsOn, string? Agent,
    int Attempts, DateTime? StartedAt, DateTime? CompletedAt, long DurationMs, string? Error, string? Branch, AgentUsage? Usage);
