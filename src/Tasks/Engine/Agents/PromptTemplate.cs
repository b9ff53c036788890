namespace Orchestrator.Agents;

/// <summary>
/// The prompt an agent receives: the common body (task, done-when, scope, context, dependencies, rules) followed by
/// the worktree and agent-specific instructions, or the repository's own <c>.orchestrator/prompts/&lt;agent&gt;.md</c>
/// with <c>{{prompt}}</c>, <c>{{task_id}}</c>, <c>{{description}}</c>, <c>{{worktree}}</c>, <c>{{agent}}</c> and
/// <c>{{instructions}}</c> filled in. Secrets are redacted from the result.
/// </summary>
public static class PromptTemplate
{
    public const string DefaultTemplate = """
        {{prompt}}
        ## Where and how

        - Your worktree (work only here): `{{worktree}}`
        - Do not run `git commit`; the orchestrator commits what you leave in the worktree.
        - {{instructions}}
        """;

    public static string OverridePath(string repoPath, string agent) => Path.Combine(repoPath, ".orchestrator", "prompts", $"{agent}.md");

    public static string Render(string? repoPath, string agent, string body, string instructions, AgentInvocation invocation)
    {
        var overridePath = repoPath is null ? null : OverridePath(repoPath, agent);
        var template = overridePath is not null && File.Exists(overridePath) ? File.ReadAllText(overridePath) : DefaultTemplate;
        var prompt = template
            .Replace("{{instructions}}", instructions.Length > 0 ? instructions : "Keep to the task.")
            .Replace("{{task_id}}", invocation.TaskId)
            .Replace("{{description}}", invocation.Description)
            .Replace("{{worktree}}", invocation.Worktree)
            .Replace("{{agent}}", agent)
            .Replace("{{prompt}}", body);
        return SecretRedactor.FromEnvironment().Redact(prompt.TrimEnd() + "\n");
    }
}
