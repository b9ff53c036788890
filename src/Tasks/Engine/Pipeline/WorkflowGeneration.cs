using Orchestrator.Distribution;

namespace Orchestrator.Pipeline;

/// <summary><c>--target=GenerateWorkflow</c>: the GitHub Actions workflow for the plan, written into the repository.</summary>
public static class WorkflowGeneration
{
    public static async Task RunAsync(RunRequest request, IRunLog log, CancellationToken cancellation)
    {
        var settings = request.Settings;
        var repo = settings.RepoPath ?? throw new InputException("GenerateWorkflow: pass --repo-path=DIR, the repository the workflow is for");
        var plan = settings.PlanPath is { } path && path != "-" ? Path.GetRelativePath(repo, path)
            : throw new InputException("GenerateWorkflow: pass --plan=FILE, the plan the workflow runs by default");
        if (plan.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(plan))
        {
            throw new InputException($"--plan: {path} is not inside the repository {repo}, so CI jobs would not find it");
        }

        var file = Path.Combine(repo, GitHubWorkflow.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, GitHubWorkflow.Render(new WorkflowOptions
        {
            PlanPath = plan,
            Shards = request.Shards,
            Agent = settings.Agent,
            AgentCommand = settings.AgentCommand,
            Remote = settings.Remote ?? "origin",
        }), cancellation);
        log.Info($"Wrote {file}: commit it, then run the workflow 'orchestrator' (Actions tab, or gh workflow run orchestrator.yml)");
    }
}
