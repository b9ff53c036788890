namespace Orchestrator.Quorum;

/// <summary>
/// Any blocking FAIL decides. Otherwise a weighted majority of PASS / RETRY / FAIL, each vote weighing its confidence,
/// except that a clean PASS (nothing found) weighs a quarter: it only says the validator's own aspect is fine, while a
/// finding is evidence about the plan. Confidence is the decision's share of the total weight. PASS wins a tie.
/// </summary>
public static class QuorumRule
{
    public const double CleanPassWeight = 0.25;

    public static QuorumResult Decide(IReadOnlyList<Vote> votes)
    {
        var counted = votes.Where(v => v.Verdict != Verdict.Abstain).ToList();
        var blocking = counted.Where(v => v.Blocking && v.Verdict == Verdict.Fail).ToList();
        var weights = counted.GroupBy(v => v.Verdict).ToDictionary(g => g.Key, g => g.Sum(Weight));
        var total = Math.Max(weights.Values.Sum(), double.Epsilon);
        var decision = blocking.Count > 0 ? Verdict.Fail
            : new[] { Verdict.Pass, Verdict.Retry, Verdict.Fail }.MaxBy(v => (weights.GetValueOrDefault(v), -(int)v));
        var confidence = blocking.Count > 0 ? blocking.Max(v => v.Confidence) : weights.GetValueOrDefault(decision) / total;
        return new QuorumResult
        {
            Decision = counted.Count == 0 ? Verdict.Pass : decision,
            Confidence = Math.Round(counted.Count == 0 ? 0 : confidence, 3),
            Votes = [.. votes],
            Deficiencies = votes.SelectMany(v => v.Deficiencies.Select(d => $"[{v.Validator}] {d}")).ToList(),
        };
    }

    private static double Weight(Vote vote) =>
        vote.Confidence * (vote.Verdict == Verdict.Pass && vote.Deficiencies.Count == 0 ? CleanPassWeight : 1);
}
