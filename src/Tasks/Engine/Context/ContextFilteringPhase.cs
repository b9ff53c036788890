using Orchestrator.Planning;
using Orchestrator.Plans;
using Orchestrator.Runs;

namespace Orchestrator.Context;

/// <summary>Phase 3: per task, the ranked context that fits the token budget, written into its prompt file.</summary>
public sealed class ContextFilteringPhase : IPhase
{
    public static readonly PhaseOutput<FilteringOutput> Output = new("ContextFiltering");

    /// <summary>Below this many tokens left, a truncated excerpt is not worth including.</summary>
    private const int SmallestExcerptTokens = 200;

    /// <summary>Headings and fences the prompt adds around each item.</summary>
    private const int ItemOverheadTokens = 40;

    public PhaseDeclaration Declaration { get; } = new()
    {
        Number = 3,
        Name = "ContextFiltering",
        StateName = "CONTEXT_FILTERING",
        Description = "per task: the relevant slice of context within a token budget, and the agent prompt",
        After = ["Planning"],
        Reads = [PlanningPhase.Output.Required, ContextGatheringPhase.Output.Optional],
    };

    public async Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation)
    {
        var plan = run.Outputs.Require(PlanningPhase.Output).Plan;
        var budget = run.Settings.ContextBudget;
        var (index, _) = await IndexCache.LoadOrBuildAsync(run.Git, run.BaseCommit, run.Layout.ContextCacheDirectory, cancellation);
        using var mapped = index;
        var specs = SpecDocuments.BesidePlan(plan.SourcePath, run.RepoPath);
        var pending = plan.Tasks.Where(t => t.ToDo).ToList();
        var excluded = ContextQueries.Excluded(plan, run.RepoPath);
        var gathered = (run.Outputs.Find(ContextGatheringPhase.Output)?.Tasks ?? [])
            .GroupBy(t => t.Task, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(t => t.Hits).ToList(), StringComparer.Ordinal);
        var ranked = pending.ToDictionary(
            t => t.Id,
            t => ContextRanking.WithGatheredHits(ContextRanking.Rank(t, plan, index, specs, excluded), gathered.GetValueOrDefault(t.Id) ?? [], index));
        var texts = Excerpts.Read(run.RepoPath, ranked.Values.SelectMany(r => r).Select(c => c.File).OfType<IndexedFile>(), cancellation);

        var output = new FilteringOutput { BudgetTokens = budget };
        foreach (var task in pending)
        {
            var prompt = Fill(task, plan, ranked[task.Id], texts, budget, out var rendered);
            prompt.PromptFile = PromptWriter.Write(run.Layout, task.Id, rendered);
            output.Prompts.Add(prompt);
        }

        run.Log.Info(
            $"Wrote {output.Prompts.Count} prompts to {run.Layout.PromptsDirectory} (budget {budget} tokens; " +
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
