using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Notifications;

/// <summary>
/// What a notification says (sent as snake_case JSON): a phase started or ended, a task ended, the run started or ended.
/// </summary>
public sealed record Notification(string Event, string? RunId, string? Phase, string? Task, string? Status, DateTime At, string Summary)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Whether the run has reached an end with this (GitHub comments on phase ends and the run's end only).</summary>
    public bool IsMilestone => Event is "phase_ended" or "run_ended";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The notification for <paramref name="runEvent"/>, or null for an event nobody is told of (a log line, a task starting).</summary>
    public static Notification? Of(RunEvent runEvent, string? runId) => runEvent switch
    {
        RunStarted started => new("run_started", started.RunId, null, null, "running", started.At,
            $"Run {started.RunId} started on {started.RepoPath} ({string.Join(", ", started.Phases)})"),
        PhaseStarted phase => new("phase_started", runId, phase.Phase, null, "running", phase.At,
            $"Phase {phase.Number} {phase.Phase} started"),
        PhaseEnded phase => new("phase_ended", runId, phase.Phase, null, phase.Success ? "succeeded" : "failed", phase.At,
            $"Phase {phase.Number} {phase.Phase} {(phase.Success ? "succeeded" : "failed")} in {phase.DurationMs / 1000.0:0.0}s" +
            (phase.Error is null ? "" : $": {phase.Error}")),
        TaskChanged task when IsEnd(task.Status) => new("task_ended", runId, task.Phase ?? "ParallelExecution", task.Task,
            Name(task.Status), task.At, $"Task {task.Task} {Name(task.Status)}" + (task.Error is null ? "" : $": {task.Error}")),
        RunEnded ended => new("run_ended", ended.RunId, null, null, ended.Stopped ? "stopped" : ended.Success ? "done" : "failed",
            ended.At, ended.Outcome),
        _ => null,
    };

    private static bool IsEnd(TaskRunStatus status) => status is not (TaskRunStatus.Pending or TaskRunStatus.Ready or TaskRunStatus.Running);

    private static string Name(TaskRunStatus status) => status.ToString().ToLowerInvariant();
}
