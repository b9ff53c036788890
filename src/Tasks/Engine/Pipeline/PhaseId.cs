namespace Orchestrator.Phases;

/// <summary>The six phases, numbered as on the command line.</summary>
public enum PhaseId
{
    ContextGathering = 0,
    QuorumValidation = 1,
    Planning = 2,
    ContextFiltering = 3,
    ParallelExecution = 4,
    Merge = 5,
}

public static class PhaseIds
{
    public static readonly IReadOnlyList<PhaseId> All = Enum.GetValues<PhaseId>();

    private static readonly string[] StateNames =
        ["CONTEXT_GATHERING", "QUORUM_VALIDATION", "TASK_PLANNING", "CONTEXT_FILTERING", "PARALLEL_EXECUTION", "MERGE"];

    /// <summary>The Cake target name, e.g. "ParallelExecution".</summary>
    public static string TargetName(this PhaseId id) => id.ToString();

    /// <summary>The name used in saved state, e.g. "PARALLEL_EXECUTION".</summary>
    public static string StateName(this PhaseId id) => StateNames[(int)id];

    /// <summary>File name of the phase's saved result, e.g. "04-ParallelExecution.json".</summary>
    public static string StateFileName(this PhaseId id) => $"{(int)id:00}-{id.TargetName()}.json";

    public static PhaseId FromStateName(string name) =>
        (PhaseId)Array.IndexOf(StateNames, name) is var id && Enum.IsDefined(id) ? id : throw new InputException($"unknown phase '{name}' in saved state");

    /// <summary>Parses a phase number ("2"), target name ("Planning") or state name ("TASK_PLANNING"), case-insensitively.</summary>
    public static bool TryParse(string text, out PhaseId id)
    {
        text = text.Trim();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && Enum.IsDefined((PhaseId)number))
        {
            id = (PhaseId)number;
            return true;
        }

        foreach (var candidate in All)
        {
            if (string.Equals(text, candidate.TargetName(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, candidate.StateName(), StringComparison.OrdinalIgnoreCase))
            {
                id = candidate;
                return true;
            }
        }

        id = default;
        return false;
    }
}
