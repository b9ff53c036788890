using System.Globalization;
using Orchestrator.Agents;
using Orchestrator.Plans;
using Orchestrator.Runs;

namespace Orchestrator.Quorum;

/// <summary>
/// Phase 1: independent validators (and any agent reviewers) vote on the breakdown. A blocking FAIL stops the run;
/// a RETRY applies the votes' remedies to a copy of the plan and validates again, up to <c>--quorum-retries</c> times.
/// The plan as loaded is never changed: Planning applies <see cref="QuorumResult.RemediesApplied"/> to it.
/// </summary>
public sealed class QuorumValidationPhase : IPhase
{
    public static readonly PhaseOutput<QuorumResult> Output = new("QuorumValidation");

    public PhaseDeclaration Declaration { get; } = new()
    {
        Number = 1,
        Name = "QuorumValidation",
        StateName = "QUORUM_VALIDATION",
        Description = "validators vote PASS / RETRY / FAIL on the task breakdown",
        After = ["ContextGathering"],
        NeedsPlan = true,
        StateField = "quorum_result",
    };

    public async Task<PhaseOutcome> RunAsync(PhaseContext run, CancellationToken cancellation)
    {
        var plan = run.SourcePlan ?? throw new InputException("phase 1 (QuorumValidation) needs a plan: pass --plan=FILE");
        IPlanValidator[] validators =
        [
            new StructureValidator(), new RaceValidator(), new ScopeValidator(), new TaskQualityValidator(),
            .. run.Settings.QuorumAgents.Select(name => new AgentReviewer(name, CreateReviewer(name, run.Agents), run)),
        ];
        var existing = run.BaseListing.Entries(cancellation).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var specs = SpecDocuments.BesidePlan(plan.SourcePath, run.RepoPath);
        var retries = run.Settings.QuorumRetries;
        var applied = new List<Remedy>();
        var attempts = new List<QuorumAttempt>();
        QuorumResult result;
        for (var attempt = 1; ; attempt++)
        {
            var review = new PlanReview(plan, existing, specs, attempt);
            // Agent reviewers may take minutes each; they review side by side.
            var votes = (await Task.WhenAll(validators.Select(v => v.ValidateAsync(review, cancellation)))).ToList();

            result = QuorumRule.Decide(votes);
            Report(run.Log, result);
            var (remedied, remedies) = result.Decision == Verdict.Retry && attempt <= retries
                ? Apply(plan, votes.SelectMany(v => v.Remedies))
                : (plan, []);
            attempts.Add(new QuorumAttempt(attempt, result.Decision, result.Confidence, result.Deficiencies, [.. remedies.Select(r => r.ToString())]));
            if (result.Decision != Verdict.Retry)
            {
                break;
            }

            if (attempt > retries || remedies.Count == 0)
            {
                run.Log.Warning(attempt > retries
                    ? $"Quorum still says RETRY after {retries} retries; going on with the plan as it is"
                    : "Quorum says RETRY but no validator has a remedy to apply; going on with the plan as it is");
                break;
            }

            remedies.ForEach(r => run.Log.Info($"  remedy: {r}"));
            applied.AddRange(remedies);
            plan = remedied;
            run.Log.Info($"Retry attempt {attempt}/{retries}");
        }

        result.Attempts = attempts;
        result.RemediesApplied = applied;
        var outcome = result.Decision == Verdict.Fail
            ? PhaseOutcome.Failed($"the plan failed validation: {string.Join("; ", result.Deficiencies)}", result)
            : PhaseOutcome.Succeeded(result);
        return outcome with { RetryCount = attempts.Count - 1 };
    }

    /// <summary>
    /// The plan with each remedy's edge added while the two tasks may still run at the same time, so no edge can close
    /// a cycle; and the remedies that were applied, in order.
    /// </summary>
    public static (TaskPlan Plan, List<Remedy> Applied) Apply(TaskPlan plan, IEnumerable<Remedy> remedies)
    {
        var applied = new List<Remedy>();
        var graph = new TaskGraph(plan);
        foreach (var remedy in remedies.DistinctBy(r => (r.Task, r.DependsOn)))
        {
            if (plan.Contains(remedy.Task) && plan.Contains(remedy.DependsOn) && graph.MayRunConcurrently(remedy.Task, remedy.DependsOn))
            {
                plan = plan.WithDependencies([(remedy.Task, remedy.DependsOn)]);
                graph = new TaskGraph(plan); // only an added edge changes what may run at the same time
                applied.Add(remedy);
            }
        }

        return (plan, applied);
    }

    public static string DecisionLine(QuorumResult result) =>
        $"Quorum decision: {result.Decision.ToString().ToUpperInvariant()} " +
        $"(confidence: {(result.Confidence * 100).ToString("0.0", CultureInfo.InvariantCulture)}%)";

    private static void Report(IRunLog log, QuorumResult result)
    {
        log.Info(DecisionLine(result));
        foreach (var vote in result.Votes)
        {
            log.Verbose($"  {vote.Validator}: {vote.Verdict.ToString().ToUpperInvariant()} ({vote.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})");
        }

        foreach (var deficiency in result.Deficiencies)
        {
            log.Warning($"  - {deficiency}");
        }
    }

    private static IAgent CreateReviewer(string name, AgentFactory agents)
    {
        try
        {
            return agents.Create(name);
        }
        catch (InputException ex)
        {
            throw new InputException($"--quorum-agents: {ex.Message.Replace("--agent: ", "", StringComparison.Ordinal)}");
        }
    }
}
