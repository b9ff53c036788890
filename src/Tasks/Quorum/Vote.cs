namespace Orchestrator.Quorum;

public enum Verdict
{
    Pass,
    Retry,
    Fail,
}

/// <summary>One validator's vote on the task breakdown.</summary>
public sealed record Vote(string Validator, Verdict Verdict, double Confidence, List<string> Deficiencies);

/// <summary>The quorum's decision: <c>quorum_result</c> in state.</summary>
public sealed class QuorumResult
{
    public Verdict Decision { get; set; }

    public double Confidence { get; set; }

    public List<string> Deficiencies { get; set; } = [];

    public List<Vote> Votes { get; set; } = [];

    public int Attempts { get; set; } = 1;
}

public interface IPlanValidator
{
    string Name { get; }

    Vote Validate(Plans.TaskPlan plan, Plans.TaskGraph graph);
}
