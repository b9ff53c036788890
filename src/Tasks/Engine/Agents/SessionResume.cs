namespace Orchestrator.Agents;

/// <summary>An agent whose CLI can continue one of its sessions headlessly, in the folder it ran in.</summary>
public interface IResumableAgent
{
    /// <summary>The id a fresh session gets, where the CLI lets the caller choose it (claude); else null.</summary>
    string? NewSessionId();

    /// <summary>The session id in one line of the CLI's output, as soon as it prints it (codex's <c>thread.started</c>).</summary>
    string? SessionIdIn(string outputLine);
}

/// <summary>What a continued session is told.</summary>
public static class SessionResume
{
    public const string Prompt =
        "The orchestrator run was interrupted while you were working on this task. Your earlier changes are still in the " +
        "worktree. Continue where you left off and finish the task.";
}
