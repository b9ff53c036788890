using System.Text.RegularExpressions;
using Orchestrator.Plans;

namespace Orchestrator.Quorum;

/// <summary>
/// Whether each task is one clear piece of work: it names its files, says enough to act on, and does not bundle several
/// unrelated actions. Heuristic, so it asks for a retry only when most tasks fall short; otherwise its findings are advice.
/// </summary>
public sealed partial class TaskQualityValidator : IPlanValidator
{
    private const int FewestWords = 4;
    private const int MostActions = 2;

    private static readonly HashSet<string> ActionVerbs =
    [
        "add", "create", "implement", "write", "fix", "update", "remove", "delete", "refactor", "rename", "move", "migrate",
        "document", "configure", "deploy", "define", "build", "introduce", "replace", "extract", "upgrade", "install",
        "rewrite", "convert", "port", "optimize", "optimise", "translate", "publish", "release",
    ];

    public string Name => "task-quality";

    public Task<Vote> ValidateAsync(PlanReview review, CancellationToken cancellation)
    {
        var unfinished = review.Unfinished.ToList();
        var findings = unfinished.Select(t => (Task: t, Problems: Problems(t))).Where(x => x.Problems.Count > 0).ToList();
        var deficiencies = findings.SelectMany(x => x.Problems.Select(p => $"{x.Task.Id} {p}")).ToList();
        var share = unfinished.Count == 0 ? 0 : (double)findings.Count / unfinished.Count;
        return Task.FromResult(findings.Count == 0 ? new Vote(Name, Verdict.Pass, 0.85, [])
            : share > 0.5 ? new Vote(Name, Verdict.Retry, 0.6, deficiencies)
            : new Vote(Name, Verdict.Pass, 0.55, deficiencies));
    }

    public static List<string> Problems(PlanTask task)
    {
        var problems = new List<string>();
        if (task.Files.Count == 0)
        {
            problems.Add("names no file");
        }

        var words = Words().Matches(task.Description).Count;
        if (words < FewestWords || (task.Files.Count == 0 && VagueWords().IsMatch(task.Description)))
        {
            problems.Add("is too vague to act on");
        }

        var actions = Actions(task.Description);
        if (actions.Count > MostActions)
        {
            problems.Add($"bundles {actions.Count} separate actions ({string.Join(", ", actions)}); split it");
        }

        return problems;
    }

    /// <summary>The verbs that open the description's clauses, parenthesised lists left out.</summary>
    private static List<string> Actions(string description) =>
        Clauses().Split(Parenthesised().Replace(description, " "))
            .Select(c => Words().Match(c).Value.ToLowerInvariant())
            .Where(ActionVerbs.Contains)
            .ToList();

    [GeneratedRegex(@"\p{L}[\p{L}'-]*")]
    private static partial Regex Words();

    [GeneratedRegex(@"\b(misc|miscellaneous|various|stuff|things|etc|tbd|todo|whatever|some fixes|clean ?up|improvements?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex VagueWords();

    [GeneratedRegex(@";|,\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+|\.\s+")]
    private static partial Regex Clauses();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();
}
