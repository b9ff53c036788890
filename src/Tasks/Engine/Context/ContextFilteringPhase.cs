using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Context;

/// <summary>Phase 3: per task, the ranked context that fits the token budget, written into its prompt file.</summary>
public sealed class ContextFilteringPhase : IPhase
{
    /// <summary>Below this many tokens left, a truncated excerpt is not worth including.</summary>
    private const int SmallestExcerptTokens = 200;

    /// <summary>Headings and fences the prompt adds around each item.</summary>
    private const int ItemOverheadTokens = 40;

    public PhaseId Id => PhaseId.ContextFiltering;

    public string Description => "per task: the relevant slice of context within a token budget, and the agent prompt";

    public async Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var plan = run.RequireOutput<PlanningOutput>(PhaseId.Planning, Id).ToPlan();
        var budget = run.Options.ContextBudget;
        var (index, _) = await IndexCache.LoadOrBuildAsync(run.Git, run.BaseCommit, run.ArtifactsPath, run.Cancellation);
        var specs = SpecDocuments.BesidePlan(plan.SourcePath, run.RepoPath);
        var pending = plan.Tasks.Where(t => !t.Done).ToList();
        var excluded = ContextQueries.Excluded(plan, run.RepoPath);
        var ranked = pending.ToDictionary(t => t.Id, t => ContextRanking.Rank(t, plan, index, specs, excluded));
        var texts = await Excerpts.ReadAsync(run, ranked.Values.SelectMany(r => r).Select(c => c.File).OfType<IndexedFile>());

        var output = new FilteringOutput { BudgetTokens = budget };
        foreach (var task in pending)
        {
            var prompt = Fill(task, plan, ranked[task.Id], texts, budget, out var rendered);
            prompt.PromptFile = PromptWriter.Write(run, task.Id, rendered);
            output.Prompts.Add(prompt);
        }

        run.Log.InfoLine(
            $"Wrote {output.Prompts.Count} prompts to {run.PromptsDirectory} (budget {budget} tokens; " +
            $"{output.Prompts.Sum(p => p.Included.Count)} items included, {output.Prompts.Sum(p => p.Dropped.Count)} dropped)");
        return PhaseOutcome.Succeeded(output);
    }

    /// <summary>Takes candidates in rank order while they fit; the last one that does not fit may go in truncated.</summary>
    public static TaskPrompt Fill(
        PlanTask task, TaskPlan plan, IReadOnlyList<ContextCandidate> candidates, IReadOnlyDictionary<string, string> texts, int budget, out string rendered)
    {
        var prompt = new TaskPrompt { Task = task.Id };
        var chosen = new List<(ContextItem Item, string Text)>();
        var left = budget - TokenEstimate.Of(PromptWriter.Render(task, plan, []));
        foreach (var candidate in candidates)
        {
            var text = candidate.Text ?? texts.GetValueOrDefault(candidate.Path) ?? "";
            var item = new ContextItem { Path = candidate.Path, Reason = candidate.Reason, Tokens = TokenEstimate.Of(text) };
            if (item.Tokens + ItemOverheadTokens > left && candidate.Focus is { } focus && candidate.File is not null)
            {
                text = Excerpts.Lines(text, focus, int.MaxValue);
                item.Tokens = TokenEstimate.Of(text);
                item.Truncated = true;
            }

            if (item.Tokens + ItemOverheadTokens > left && left - ItemOverheadTokens >= SmallestExcerptTokens)
            {
                text = Truncate(text, left - ItemOverheadTokens);
                item.Tokens = TokenEstimate.Of(text);
                item.Truncated = true;
            }

            if (item.Tokens + ItemOverheadTokens <= left)
            {
                chosen.Add((item, text));
                prompt.Included.Add(item);
                left -= item.Tokens + ItemOverheadTokens;
            }
            else
            {
                prompt.Dropped.Add(item);
            }
        }

        rendered = PromptWriter.Render(task, plan, chosen);
        while (TokenEstimate.Of(rendered) > budget && chosen.Count > 0)
        {
            var (last, _) = chosen[^1];
            chosen.RemoveAt(chosen.Count - 1);
            prompt.Included.Remove(last);
            prompt.Dropped.Add(last);
            rendered = PromptWriter.Render(task, plan, chosen);
        }

        prompt.TokensUsed = TokenEstimate.Of(rendered);
        prompt.ContextTokens = prompt.Included.Sum(i => i.Tokens);
        return prompt;
    }

    private static string Truncate(string text, int tokens)
    {
        var cut = text[..Math.Min(text.Length, TokenEstimate.Characters(tokens))];
        while (cut.Length > 0 && TokenEstimate.Of(cut) > tokens)
        {
            cut = cut[..(cut.Length * 9 / 10)];
        }

        return cut;
    }
}
