using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Quorum;

/// <summary>Phase 1: independent validators vote on the breakdown; any FAIL stops the run.</summary>
public sealed class QuorumValidationPhase : IPhase
{
    private static readonly IPlanValidator[] Validators = [new StructureValidator(), new ParallelFileValidator(), new FileScopeValidator()];

    public PhaseId Id => PhaseId.QuorumValidation;

    public string Description => "validators vote PASS / RETRY / FAIL on the task breakdown";

    public Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var plan = run.Plan ?? run.OptionalOutput<PlanningOutput>(PhaseId.Planning)?.ToPlan()
            ?? throw new InputException("phase 1 (QuorumValidation) needs a plan: pass --plan=FILE");
        var graph = new TaskGraph(plan);
        var result = Decide(Validators.Select(v => v.Validate(plan, graph)).ToList());
        run.State.QuorumResult = RunContext.ToToken(result);
        run.Log.InfoLine($"Quorum decision: {result.Decision.ToString().ToUpperInvariant()} (confidence: {result.Confidence:P1})");
        foreach (var deficiency in result.Deficiencies)
        {
            run.Log.WarningLine($"  - {deficiency}");
        }

        return Task.FromResult(result.Decision == Verdict.Fail
            ? PhaseOutcome.Failed($"the plan failed validation: {string.Join("; ", result.Deficiencies)}", result)
            : PhaseOutcome.Succeeded(result));
    }

    /// <summary>Any FAIL decides; otherwise the verdict with the larger confidence-weighted share, PASS on a tie.</summary>
    public static QuorumResult Decide(IReadOnlyList<Vote> votes)
    {
        var weights = votes.GroupBy(v => v.Verdict).ToDictionary(g => g.Key, g => g.Sum(v => v.Confidence));
        var total = Math.Max(weights.Values.Sum(), double.Epsilon);
        var decision = weights.ContainsKey(Verdict.Fail) ? Verdict.Fail
            : weights.GetValueOrDefault(Verdict.Retry) > weights.GetValueOrDefault(Verdict.Pass) ? Verdict.Retry : Verdict.Pass;
        return new QuorumResult
        {
            Decision = decision,
            Confidence = Math.Round(weights.GetValueOrDefault(decision) / total, 3),
            Votes = [.. votes],
            Deficiencies = votes.SelectMany(v => v.Deficiencies.Select(d => $"[{v.Validator}] {d}")).ToList(),
        };
    }
}
