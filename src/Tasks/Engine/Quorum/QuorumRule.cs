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
        // Weights by verdict (Pass, Retry, Fail), summed in plain loops: nothing generic over the enum to compile at start-up.
        var weights = new double[3];
        foreach (var vote in counted)
        {
            weights[(int)vote.Verdict] += Weight(vote);
        }

        var total = Math.Max(weights[0] + weights[1] + weights[2], double.Epsilon);
        var heaviest = weights[(int)Verdict.Retry] > weights[(int)Verdict.Pass] ? Verdict.Retry : Verdict.Pass; // a tie goes to the earlier
        heaviest = weights[(int)Verdict.Fail] > weights[(int)heaviest] ? Verdict.Fail : heaviest;
        var decision = blocking.Count > 0 ? Verdict.Fail : heaviest;
        var confidence = blocking.Count > 0 ? blocking.Max(v => v.Confidence) : weights[(int)decision] / total;
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
