namespace Orchestrator.Quorum;

public enum Verdict
{
    Pass,
    Retry,
    Fail,

    /// <summary>A reviewer that could not give a verdict (it failed, or its answer could not be read); not counted.</summary>
    Abstain,
}

/// <summary>A change to the plan that answers a deficiency: <see cref="Task"/> also waits for <see cref="DependsOn"/>.</summary>
public sealed record Remedy(string Task, string DependsOn, string Reason)
{
    public override string ToString() => $"{Task} now depends on {DependsOn} ({Reason})";
}

/// <summary>One validator's vote on the task breakdown. A blocking FAIL stops the run whatever the others say.</summary>
public sealed record Vote(string Validator, Verdict Verdict, double Confidence, List<string> Deficiencies)
{
    public bool Blocking { get; init; }

    public List<Remedy> Remedies { get; init; } = [];
}

/// <summary>The quorum's decision: <c>quorum_result</c> in state.</summary>
public sealed class QuorumResult
{
    public Verdict Decision { get; set; }

    public double Confidence { get; set; }

    public List<string> Deficiencies { get; set; } = [];

    /// <summary>The votes of the last attempt.</summary>
    public List<Vote> Votes { get; set; } = [];

    public List<QuorumAttempt> Attempts { get; set; } = [];

    /// <summary>The edges added to the plan, in the order applied; Planning applies them to the plan as loaded.</summary>
    public List<Remedy> RemediesApplied { get; set; } = [];
}

/// <summary>One round of validation: its decision and what was changed before the next.</summary>
public sealed record QuorumAttempt(int Attempt, Verdict Decision, double Confidence, List<string> Deficiencies, List<string> Remedies);

public interface IPlanValidator
{
    string Name { get; }

    Task<Vote> ValidateAsync(PlanReview review, CancellationToken cancellation);
}
