using System.Globalization;
using Orchestrator.Agents;
using Orchestrator.Context;
using Orchestrator.Phases;
using Orchestrator.Plans;

namespace Orchestrator.Quorum;

/// <summary>
/// Phase 1: independent validators (and any agent reviewers) vote on the breakdown. A blocking FAIL stops the run;
/// a RETRY applies the votes' remedies to the plan and validates again, up to <c>--quorum-retries</c> times.
/// </summary>
public sealed class QuorumValidationPhase : IPhase
{
    public PhaseId Id => PhaseId.QuorumValidation;

    public string Description => "validators vote PASS / RETRY / FAIL on the task breakdown";

    public async Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var plan = run.Plan ?? run.OptionalOutput<PlanningOutput>(PhaseId.Planning)?.ToPlan()
            ?? throw new InputException("phase 1 (QuorumValidation) needs a plan: pass --plan=FILE");
        IPlanValidator[] validators =
        [
            new StructureValidator(), new RaceValidator(), new ScopeValidator(), new TaskQualityValidator(),
            .. run.Options.QuorumAgents.Select(name => new AgentReviewer(name, CreateReviewer(name, run), run)),
        ];
        var existing = (await run.Git.LinesAsync("-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "--full-tree", run.BaseCommit))
            .ToHashSet(StringComparer.Ordinal);
        var specs = SpecDocuments.BesidePlan(plan.SourcePath, run.RepoPath);
        var retries = run.Options.QuorumRetries;
        var applied = new List<string>();
        var attempts = new List<QuorumAttempt>();
        QuorumResult result;
        for (var attempt = 1; ; attempt++)
        {
            var review = new PlanReview(plan, existing, specs, attempt);
            // Agent reviewers may take minutes each; they review side by side.
            var votes = (await Task.WhenAll(validators.Select(v => v.ValidateAsync(review)))).ToList();

            result = QuorumRule.Decide(votes);
            Report(run, result);
            var remedies = result.Decision == Verdict.Retry && attempt <= retries ? Apply(plan, votes.SelectMany(v => v.Remedies)) : [];
            attempts.Add(new QuorumAttempt(attempt, result.Decision, result.Confidence, result.Deficiencies, [.. remedies.Select(r => r.ToString())]));
            if (result.Decision != Verdict.Retry)
            {
                break;
            }

            if (attempt > retries || remedies.Count == 0)
            {
                run.Log.WarningLine(attempt > retries
                    ? $"Quorum still says RETRY after {retries} retries; going on with the plan as it is"
                    : "Quorum says RETRY but no validator has a remedy to apply; going on with the plan as it is");
                break;
            }

            remedies.ForEach(r => run.Log.InfoLine($"  remedy: {r}"));
            applied.AddRange(remedies.Select(r => r.ToString()));
            run.Log.InfoLine($"Retry attempt {attempt}/{retries}");
        }

        result.Attempts = attempts;
        result.RemediesApplied = applied;
        run.Plan = plan;
        run.State.QuorumResult = RunContext.ToToken(result);
        var outcome = result.Decision == Verdict.Fail
            ? PhaseOutcome.Failed($"the plan failed validation: {string.Join("; ", result.Deficiencies)}", result)
            : PhaseOutcome.Succeeded(result);
        return outcome with { RetryCount = attempts.Count - 1 };
    }

    /// <summary>Adds each remedy's edge while the two tasks may still run at the same time, so no edge can close a cycle.</summary>
    public static List<Remedy> Apply(TaskPlan plan, IEnumerable<Remedy> remedies)
    {
        var applied = new List<Remedy>();
        foreach (var remedy in remedies.DistinctBy(r => (r.Task, r.DependsOn)))
        {
            if (plan.Contains(remedy.Task) && plan.Contains(remedy.DependsOn) && new TaskGraph(plan).MayRunConcurrently(remedy.Task, remedy.DependsOn))
            {
                plan[remedy.Task].DependsOn.Add(remedy.DependsOn);
                applied.Add(remedy);
            }
        }

        return applied;
    }

    public static string DecisionLine(QuorumResult result) =>
        $"Quorum decision: {result.Decision.ToString().ToUpperInvariant()} " +
        $"(confidence: {(result.Confidence * 100).ToString("0.0", CultureInfo.InvariantCulture)}%)";

    private static void Report(RunContext run, QuorumResult result)
    {
        run.Log.InfoLine(DecisionLine(result));
        foreach (var vote in result.Votes)
        {
            run.Log.VerboseLine($"  {vote.Validator}: {vote.Verdict.ToString().ToUpperInvariant()} ({vote.Confidence:0.00})");
        }

        foreach (var deficiency in result.Deficiencies)
        {
            run.Log.WarningLine($"  - {deficiency}");
        }
    }

    private static IAgent CreateReviewer(string name, RunContext run)
    {
        try
        {
            return run.CreateAgent(name);
        }
        catch (InputException ex)
        {
            throw new InputException($"--quorum-agents: {ex.Message.Replace("--agent: ", "", StringComparison.Ordinal)}");
        }
    }
}
