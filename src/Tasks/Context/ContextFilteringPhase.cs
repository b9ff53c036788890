using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Context;

/// <summary>Phase 3: per task, the files in its scope as they are at the base commit, within a token budget; the prompt file.</summary>
public sealed class ContextFilteringPhase : IPhase
{
    public const int DefaultBudgetTokens = 32_000;

    /// <summary>Below this many tokens left, a truncated excerpt is not worth including.</summary>
    private const int SmallestExcerptTokens = 200;

    public PhaseId Id => PhaseId.ContextFiltering;

    public string Description => "per task: the relevant slice of context within a token budget, and the agent prompt";

    public async Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var plan = run.RequireOutput<PlanningOutput>(PhaseId.Planning, Id).ToPlan();
        var existing = (await RepositoryFiles.ListAsync(run.Git, run.BaseCommit)).ToDictionary(f => f.Path, f => f.Size);
        var output = new FilteringOutput { BudgetTokens = DefaultBudgetTokens };
        foreach (var task in plan.Tasks.Where(t => !t.Done))
        {
            var chosen = new List<(ContextItem Item, string Text)>();
            var prompt = new TaskPrompt { Task = task.Id };
            var left = DefaultBudgetTokens;
            foreach (var path in task.Files.Where(existing.ContainsKey))
            {
                var text = await run.Git.RunAsync("show", $"{run.BaseCommit}:{path}");
                var item = new ContextItem { Path = path, Reason = "in the task's file scope", Tokens = TokenEstimate.Of(text) };
                if (item.Tokens > left && left >= SmallestExcerptTokens)
                {
                    text = text[..TokenEstimate.Characters(left)];
                    item.Tokens = left;
                    item.Truncated = true;
                }

                if (item.Tokens <= left)
                {
                    chosen.Add((item, text));
                    prompt.Included.Add(item);
                    left -= item.Tokens;
                }
                else
                {
                    prompt.Dropped.Add(item);
                }
            }

            var rendered = PromptWriter.Render(task, plan, chosen);
            prompt.TokensUsed = TokenEstimate.Of(rendered);
            prompt.PromptFile = PromptWriter.Write(run, task.Id, rendered);
            output.Prompts.Add(prompt);
        }

        run.Log.InfoLine($"Wrote {output.Prompts.Count} prompts to {run.PromptsDirectory}");
        return PhaseOutcome.Succeeded(output);
    }
}
