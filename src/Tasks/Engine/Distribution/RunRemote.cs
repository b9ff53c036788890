using Orchestrator.Git;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Distribution;

/// <summary>
/// The run's side of the shared git remote, through the git CLI only: task branches (<c>orchestrator/&lt;run&gt;/&lt;task&gt;</c>),
/// each task's journal record as a commit on <see cref="RunLayout.RecordRef"/> (its parent the task's commit, so fetching
/// the record brings the work), and the planned run's state on <see cref="RunLayout.PlanRef"/>. Pushes and fetches of one
/// invocation go one at a time.
/// </summary>
public sealed class RunRemote(GitCli git, string remote, RunLayout layout)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Fetch, string Push)? _urls;

    public string Name => remote;

    /// <summary>Told of every local ref this moves, before and after (the run's outside-change guard must not blame an agent).</summary>
    public Action<string> Moving { get; set; } = _ => { };

    /// <summary>Each task with a record on the remote, and the record's commit there.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListRecordsAsync(CancellationToken cancellation)
    {
        var lines = await git.LinesAsync(["ls-remote", (await UrlsAsync(cancellation)).Fetch, layout.RecordRefPrefix + "*"], cancellation);
        return lines.Select(l => l.Split('\t'))
            .Where(p => p.Length == 2 && p[1].StartsWith(layout.RecordRefPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p[1][layout.RecordRefPrefix.Length..], p => p[0], StringComparer.Ordinal);
    }

    /// <summary>
    /// Brings the records of <paramref name="tasks"/> (all when null) and the commits they point at here, and reads them;
    /// <paramref name="listed"/> is the remote's listing when the caller has just made it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, TaskEvent>> FetchRecordsAsync(
        IReadOnlyCollection<string>? tasks, CancellationToken cancellation, IReadOnlyDictionary<string, string>? listed = null)
    {
        listed ??= await ListRecordsAsync(cancellation);
        var refs = listed.Keys.Where(t => tasks is null || tasks.Contains(t)).Select(layout.RecordRef).ToList();
        if (refs.Count > 0)
        {
            refs.ForEach(Moving);
            await OneAtATimeAsync(async () => await git.RunAsync(
                ["fetch", "--quiet", "--no-tags", (await UrlsAsync(cancellation)).Fetch, .. refs.Select(r => $"+{r}:{r}")], cancellation));
            refs.ForEach(Moving);
        }

        var records = new Dictionary<string, TaskEvent>(StringComparer.Ordinal);
        foreach (var reference in refs)
        {
            var text = await git.RunAsync(["cat-file", "blob", $"{reference}:{RunLayout.RecordFile}"], cancellation);
            if (StateJson.Deserialize<TaskEvent>(text) is { } record && record.RunId == layout.RunId)
            {
                records[record.Task] = record;
            }
        }

        return records;
    }

    /// <summary>The record, and with a completed one its branch, pushed together (<c>--atomic</c>).</summary>
    public async Task PublishAsync(TaskEvent record, CancellationToken cancellation)
    {
        var completed = record.Status == TaskRunStatus.Completed && record.Commit is not null;
        var blob = await WriteBlobAsync(StateJson.Serialize(record), cancellation);
        var tree = await MakeTreeAsync([$"100644 blob {blob}\t{RunLayout.RecordFile}"], cancellation);
        var commit = await git.RunAsync(
            ["commit-tree", tree, .. completed ? new[] { "-p", record.Commit! } : [], "-m", $"{record.Task} {record.Status}"], cancellation);
        var refspecs = new List<string> { $"+{commit}:{layout.RecordRef(record.Task)}" };
        if (completed)
        {
            refspecs.Insert(0, $"+{record.Commit}:refs/heads/{layout.TaskBranch(record.Task)}");
        }

        await OneAtATimeAsync(async () => await git.RunAsync(
            ["push", "--quiet", "--atomic", "--no-verify", (await UrlsAsync(cancellation)).Push, .. refspecs], cancellation));
    }

    /// <summary>Points this repository's branch of a task done elsewhere at its commit, so merges and later tasks find it.</summary>
    public async Task AdoptBranchAsync(string taskId, string commit, CancellationToken cancellation)
    {
        var branch = $"refs/heads/{layout.TaskBranch(taskId)}";
        Moving(branch);
        await git.RunAsync(["update-ref", branch, commit], cancellation);
        Moving(branch);
    }

    /// <summary>Publishes the planned run: its saved state and prompts, on a commit whose parent is the run's base.</summary>
    public async Task PublishPlanAsync(string stateJson, IReadOnlyDictionary<string, string> prompts, string baseCommit, CancellationToken cancellation)
    {
        var entries = new List<string> { $"100644 blob {await WriteBlobAsync(stateJson, cancellation)}\t{RunLayout.StateFile}" };
        if (prompts.Count > 0)
        {
            var files = new List<string>();
            foreach (var (task, path) in prompts.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                files.Add($"100644 blob {await WriteBlobAsync(await File.ReadAllTextAsync(path, cancellation), cancellation)}\t{task}.md");
            }

            entries.Add($"040000 tree {await MakeTreeAsync(files, cancellation)}\t{RunLayout.PlanPromptsFolder}");
        }

        var commit = await git.RunAsync(
            ["commit-tree", await MakeTreeAsync(entries, cancellation), "-p", baseCommit, "-m", $"Run {layout.RunId}: the plan"], cancellation);
        await OneAtATimeAsync(async () => await git.RunAsync(
            ["push", "--quiet", "--no-verify", (await UrlsAsync(cancellation)).Push, $"+{commit}:{layout.PlanRef}"], cancellation));
    }

    /// <summary>The planned run's saved state from the remote (its ref fetched here), or null when the remote has no such run.</summary>
    public async Task<string?> FetchPlanAsync(CancellationToken cancellation)
    {
        var fetched = await git.TryRunAsync(
            ["fetch", "--quiet", "--no-tags", (await UrlsAsync(cancellation)).Fetch, $"+{layout.PlanRef}:{layout.PlanRef}"], cancellation);
        return fetched.ExitCode == 0 ? await git.RunAsync(["cat-file", "blob", $"{layout.PlanRef}:{RunLayout.StateFile}"], cancellation) : null;
    }

    /// <summary>Writes the prompts published with the plan (fetched by <see cref="FetchPlanAsync"/>) where this machine's run keeps them.</summary>
    public async Task RestorePromptsAsync(CancellationToken cancellation)
    {
        var listing = await git.TryRunAsync(["ls-tree", "--name-only", $"{layout.PlanRef}:{RunLayout.PlanPromptsFolder}"], cancellation);
        var names = listing.ExitCode == 0 ? listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        foreach (var name in names.Where(n => n.EndsWith(".md", StringComparison.Ordinal) && Plans.TaskId.IsValid(n[..^3])))
        {
            var path = layout.PromptFile(name[..^3]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(
                path, await git.RunAsync(["cat-file", "blob", $"{layout.PlanRef}:{RunLayout.PlanPromptsFolder}/{name}"], cancellation), cancellation);
        }
    }

    /// <summary>The merged result, pushed as the run's integration branch.</summary>
    public Task PushIntegrationAsync(string head, CancellationToken cancellation) => OneAtATimeAsync(async () => await git.RunAsync(
        ["push", "--quiet", "--no-verify", (await UrlsAsync(cancellation)).Push, $"+{head}:refs/heads/{layout.IntegrationBranch}"], cancellation));

    // A remote's URLs rather than its name: a push to a name also moves this repository's remote-tracking refs.
    private async Task<(string Fetch, string Push)> UrlsAsync(CancellationToken cancellation)
    {
        if (_urls is null)
        {
            var names = await git.LinesAsync(["remote"], cancellation);
            _urls = names.Contains(remote)
                ? (await git.RunAsync(["remote", "get-url", remote], cancellation), await git.RunAsync(["remote", "get-url", "--push", remote], cancellation))
                : (remote, remote);
        }

        return _urls.Value;
    }

    private Task<string> WriteBlobAsync(string content, CancellationToken cancellation) =>
        git.RunAsync(["hash-object", "-w", "--stdin"], cancellation, content);

    private Task<string> MakeTreeAsync(IEnumerable<string> entries, CancellationToken cancellation) =>
        git.RunAsync(["mktree"], cancellation, string.Concat(entries.Select(e => e + "\n")));

    private async Task OneAtATimeAsync(Func<Task> action)
    {
        await _gate.WaitAsync();
        try
        {
            await action();
        }
        finally
        {
            _gate.Release();
        }
    }
}
