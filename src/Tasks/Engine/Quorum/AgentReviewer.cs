using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using Orchestrator.Agents;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Quorum;

/// <summary>
/// A coding agent as a reviewer (<c>--quorum-agents</c>): it gets a prompt file with the plan and the spec documents
/// and answers a JSON verdict, read from its final answer. An agent that fails or answers unreadably abstains.
/// </summary>
public sealed class AgentReviewer(string name, IAgent agent, PhaseContext run) : IPlanValidator
{
    public string Name => $"agent:{name}";

    public async Task<Vote> ValidateAsync(PlanReview review, CancellationToken cancellation)
    {
        var promptFile = Path.Combine(run.Layout.QuorumDirectory, $"{name}-attempt{review.Attempt}.md");
        AtomicFile.WriteAllText(promptFile, SecretRedactor.FromEnvironment().Redact(Prompt(review)));
        var result = await agent.RunAsync(new AgentInvocation
        {
            RunId = run.RunId,
            TaskId = $"quorum-{name}",
            Description = "Review the task plan and answer a JSON verdict",
            Worktree = run.RepoPath,
            PromptFile = promptFile,
            LogPath = run.Layout.LogFile($"quorum-{name}"),
            Timeout = run.Settings.TaskTimeout,
        }, cancellation);
        if (!result.Success)
        {
            return Abstain($"did not answer: {result.Error ?? $"exit code {result.ExitCode}"}");
        }

        return ParseVerdict(Name, result.ResultText ?? "") ?? Abstain("answered no readable JSON verdict");
    }

    /// <summary>The last JSON object in the answer with a "verdict" of pass, retry or fail.</summary>
    public static Vote? ParseVerdict(string validator, string answer)
    {
        for (var end = answer.LastIndexOf('}'); end >= 0; end = answer.LastIndexOf('}', end - 1))
        {
            for (var start = answer.LastIndexOf('{', end); start >= 0; start = start == 0 ? -1 : answer.LastIndexOf('{', start - 1))
            {
                if (TryObject(answer[start..(end + 1)]) is { } verdict && Read(validator, verdict) is { } vote)
                {
                    return vote;
                }
            }

            if (end == 0)
            {
                break;
            }
        }

        return null;
    }

    private static Vote? Read(string validator, JObject answer)
    {
        var verdict = answer.Value<string>("verdict")?.Trim().ToLowerInvariant() switch
        {
            "pass" => Verdict.Pass,
            "retry" => Verdict.Retry,
            "fail" => Verdict.Fail,
            _ => (Verdict?)null,
        };
        if (verdict is null)
        {
            return null;
        }

        var confidence = answer["confidence"]?.Type is JTokenType.Float or JTokenType.Integer ? answer.Value<double>("confidence") : 0.7;
        confidence = Math.Clamp(confidence > 1 ? confidence / 100 : confidence, 0, 1);
        var deficiencies = answer["deficiencies"] is JArray list ? list.Select(d => d.ToString()).Where(d => d.Length > 0).ToList() : [];
        return new Vote(validator, verdict.Value, confidence, deficiencies);
    }

    private static JObject? TryObject(string text)
    {
        try
        {
            return JObject.Parse(text);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    private Vote Abstain(string why)
    {
        run.Log.Warning($"Quorum reviewer {name} {why}; its vote is not counted");
        return new Vote(Name, Verdict.Abstain, 0, []);
    }

    private static string Prompt(PlanReview review)
    {
        var prompt = new StringBuilder();
        prompt.AppendLine("# Review this task plan").AppendLine();
        prompt.AppendLine("Several coding agents will run these tasks in parallel, each in its own git worktree, and their branches");
        prompt.AppendLine("will be merged in dependency order. Judge whether the breakdown is fit to run: tasks clear and self-contained,");
        prompt.AppendLine("dependencies complete, no two tasks that may run at the same time editing the same file, nothing the spec asks");
        prompt.AppendLine("for left out. Do not change any file.").AppendLine();
        prompt.AppendLine("## Tasks").AppendLine();
        foreach (var task in review.Plan.Tasks)
        {
            var state = task.Done ? "done" : "to do";
            var waits = task.DependsOn.Count == 0 ? "" : $"; waits for {string.Join(", ", task.DependsOn)}";
            var files = task.Files.Count == 0 ? "" : $"; files: {string.Join(", ", task.Files)}";
            prompt.AppendLine(CultureInfo.InvariantCulture, $"- {task.Id} ({state}{waits}{files}): {task.Description}");
        }

        foreach (var spec in review.Specs)
        {
            prompt.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Spec document `{spec.Path}`").AppendLine();
            prompt.AppendLine("````").AppendLine(spec.Text.TrimEnd()).AppendLine("````");
        }

        prompt.AppendLine().AppendLine("## Answer").AppendLine();
        prompt.AppendLine("End your answer with one JSON object and nothing after it:");
        prompt.AppendLine("""{"verdict": "pass" | "retry" | "fail", "confidence": 0.0-1.0, "deficiencies": ["one line each"]}""");
        return prompt.ToString();
    }
}
