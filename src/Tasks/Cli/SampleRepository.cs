using Orchestrator.Git;
using Orchestrator.Pipeline;

namespace Orchestrator.Cli;

/// <summary>The bundled sample: samples/bookshelf copied into a fresh scratch git repository, run with its scripted agent.</summary>
internal static class SampleRepository
{
    public const string Name = "bookshelf";
    public const string PlanPath = "specs/001-bookshelf/tasks.md";
    public const string TestCommand = "python3 -m unittest discover -s tests -t .";

    public static async Task<RunRequest> PrepareAsync(RunRequest request, CancellationToken cancellation)
    {
        var samples = FindSamplesFolder();
        var repo = Path.Combine(request.ArtifactsPath, "sample", $"{Name}-repo");
        await RemoveAsync(repo, cancellation);
        CopyDirectory(Path.Combine(samples, Name), repo);
        var git = new GitCli(repo);
        await git.RunAsync(["init", "--quiet", "--initial-branch=main"], cancellation);
        await git.RunAsync(["add", "--all"], cancellation);
        await git.RunAsync(["commit", "--quiet", "-m", "Bookshelf sample: starting point"], cancellation);
        var agent = Path.Combine(samples, $"{Name}-agent", "agent.py");
        return request with
        {
            Settings = request.Settings with
            {
                RepoPath = repo,
                PlanPath = Path.Combine(repo, PlanPath),
                AgentCommand = request.Settings.AgentCommand ?? $"python3 '{agent.Replace("'", "'\\''")}'",
                TestCommand = request.Settings.TestCommand ?? TestCommand,
            },
        };
    }

    private static string FindSamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", Name);
            if (Directory.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "samples");
            }
        }

        throw new InputException($"the bundled sample samples/{Name} was not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Removes a previous scratch copy and the worktrees that belonged to it.</summary>
    private static async Task RemoveAsync(string repo, CancellationToken cancellation)
    {
        if (!Directory.Exists(repo))
        {
            return;
        }

        var git = new GitCli(repo);
        var deletion = new Guards.ContainedDeletion(Path.GetDirectoryName(Path.GetFullPath(repo))!);
        if (await git.IsRepositoryAsync(cancellation))
        {
            foreach (var worktree in await new Worktrees(git, deletion).ListAsync(cancellation))
            {
                await git.TryRunAsync(["worktree", "remove", "--force", worktree], cancellation);
            }
        }

        deletion.DeleteDirectory(repo);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (!file.Contains("__pycache__", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }
    }
}
