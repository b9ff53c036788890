using System.Globalization;
using Orchestrator.Phases;

namespace Orchestrator.Context;

/// <summary>Phase 0: what the repository holds at the base commit, and which files the plan refers to.</summary>
public sealed class ContextGatheringPhase : IPhase
{
    public PhaseId Id => PhaseId.ContextGathering;

    public string Description => "index the target repository, gather context relevant to the plan";

    public async Task<PhaseOutcome> RunAsync(RunContext run)
    {
        var files = await RepositoryFiles.ListAsync(run.Git, run.BaseCommit);
        var known = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var referenced = (run.Plan?.Tasks ?? [])
            .SelectMany(t => t.Files.Select(f => (File: f, Task: t.Id)))
            .GroupBy(r => r.File)
            .Select(g => new ReferencedFile(g.Key, known.Contains(g.Key), g.Select(r => r.Task).ToList()))
            .ToList();
        var output = new GatheringOutput
        {
            Head = run.BaseCommit,
            FileCount = files.Count,
            TotalBytes = files.Sum(f => f.Size),
            Files = files,
            ReferencedFiles = referenced,
        };
        run.State.GlobalContext = RunContext.ToToken(output);
        run.Log.InfoLine(
            $"Indexed {files.Count} tracked files ({output.TotalBytes / 1024.0:0.#} KiB) at {run.BaseCommit[..12]}; " +
            $"{referenced.Count(r => r.Exists)} of {referenced.Count} files named by the plan exist");
        return PhaseOutcome.Succeeded(output);
    }
}

public sealed class GatheringOutput
{
    public string Head { get; set; } = "";

    public int FileCount { get; set; }

    public long TotalBytes { get; set; }

    public List<RepositoryFile> Files { get; set; } = [];

    public List<ReferencedFile> ReferencedFiles { get; set; } = [];
}

public sealed record RepositoryFile(string Path, long Size);

public sealed record ReferencedFile(string Path, bool Exists, List<string> Tasks);

public static class RepositoryFiles
{
    /// <summary>Every file in a commit with its size, from one <c>git ls-tree</c> call.</summary>
    public static async Task<List<RepositoryFile>> ListAsync(Git.GitCli git, string commit)
    {
        var lines = await git.LinesAsync("-c", "core.quotePath=false", "ls-tree", "-r", "-l", "--full-tree", commit);
        return lines
            .Select(line => line.Split('\t', 2))
            .Select(parts => (Meta: parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), Path: parts[1]))
            .Where(entry => entry.Meta[1] == "blob")
            .Select(entry => new RepositoryFile(entry.Path, long.Parse(entry.Meta[3], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
