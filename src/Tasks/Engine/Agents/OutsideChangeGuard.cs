using Orchestrator.Git;

namespace Orchestrator.Agents;

/// <summary>
/// Notices an agent that changed files outside its own worktree: <c>git status</c> of the main checkout and of every
/// other worktree of the repository, before and after the agent runs. Worktrees of tasks running at either moment
/// are left out (their agents change them legitimately), and so is the artifacts folder (our own logs).
/// </summary>
public sealed class OutsideChangeGuard
{
    private readonly GitCli _repository;
    private readonly string _ownWorktree;
    private readonly string _artifacts;
    private readonly Func<IEnumerable<string?>> _busyWorktrees;
    private IReadOnlyDictionary<string, string> _before = new Dictionary<string, string>();

    private OutsideChangeGuard(GitCli repository, string ownWorktree, string artifacts, Func<IEnumerable<string?>> busyWorktrees)
    {
        _repository = repository;
        _ownWorktree = Path.GetFullPath(ownWorktree);
        _artifacts = Path.GetFullPath(artifacts);
        _busyWorktrees = busyWorktrees;
    }

    public static async Task<OutsideChangeGuard> SnapshotAsync(
        string repoPath, string ownWorktree, string artifacts, Func<IEnumerable<string?>> busyWorktrees, CancellationToken cancellation)
    {
        var guard = new OutsideChangeGuard(new GitCli(repoPath), ownWorktree, artifacts, busyWorktrees);
        guard._before = await guard.StatusesAsync(cancellation);
        return guard;
    }

    /// <summary>The agent's result, turned into a failure naming the place when something outside its worktree changed.</summary>
    public async Task<AgentResult> CheckAsync(AgentResult result, CancellationToken cancellation)
    {
        var after = await StatusesAsync(cancellation);
        var changed = _before.Where(b => after.TryGetValue(b.Key, out var now) && now != b.Value).Select(b => b.Key).FirstOrDefault();
        if (changed is null)
        {
            return result;
        }

        var files = Difference(_before[changed], after[changed]);
        return result with
        {
            Success = false,
            Error = $"files changed outside its worktree: {changed} ({files})" + (result.Success ? "" : $"; also: {result.Error}"),
        };
    }

    private async Task<IReadOnlyDictionary<string, string>> StatusesAsync(CancellationToken cancellation)
    {
        var busy = _busyWorktrees().OfType<string>().Select(Path.GetFullPath).Append(_ownWorktree).ToHashSet();
        var statuses = new Dictionary<string, string>();
        foreach (var checkout in (await CheckoutsAsync(cancellation)).Where(c => !busy.Contains(c)))
        {
            var status = await _repository.In(checkout).TryRunAsync(
                ["--no-optional-locks", "status", "--porcelain=v1", "--untracked-files=all"], cancellation);
            if (status.ExitCode == 0)
            {
                statuses[checkout] = string.Join('\n', status.StandardOutput.Split('\n')
                    .Where(line => line.Length > 3 && !IsUnder(Path.GetFullPath(Path.Combine(checkout, line[3..].Trim('"'))), _artifacts)));
            }
        }

        return statuses;
    }

    private async Task<IReadOnlyList<string>> CheckoutsAsync(CancellationToken cancellation)
    {
        var list = await _repository.TryRunAsync(["worktree", "list", "--porcelain"], cancellation);
        return list.StandardOutput.Split('\n')
            .Where(l => l.StartsWith("worktree ", StringComparison.Ordinal))
            .Select(l => Path.GetFullPath(l["worktree ".Length..].Trim()))
            .Where(Directory.Exists)
            .ToList();
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Difference(string before, string after)
    {
        var files = after.Split('\n').Except(before.Split('\n')).Concat(before.Split('\n').Except(after.Split('\n')))
            .Where(l => l.Length > 3).Select(l => l[3..]).Distinct().ToList();
        return files.Count == 0 ? "status changed" : string.Join(", ", files.Take(5)) + (files.Count > 5 ? ", …" : "");
    }
}
