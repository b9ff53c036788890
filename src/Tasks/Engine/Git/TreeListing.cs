using System.Globalization;

namespace Orchestrator.Git;

/// <summary>
/// Every entry of a commit's tree from one <c>git ls-tree -r -l</c>, listed the first time it is asked for and kept for
/// the next: phase 0 indexes the blobs and phase 1 checks the plan's paths against the same listing.
/// </summary>
public sealed class TreeListing(GitCli git, string commit)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<Entry>? _entries;

    public GitCli Git => git;

    public string Commit => commit;

    public IReadOnlyList<Entry> Entries(CancellationToken cancellation)
    {
        lock (_gate)
        {
            return _entries ??= List(cancellation);
        }
    }

    private List<Entry> List(CancellationToken cancellation)
    {
        var lines = git.Lines(["-c", "core.quotePath=false", "ls-tree", "-r", "-l", "--full-tree", commit], cancellation);
        var entries = new List<Entry>(lines.Count);
        foreach (var line in lines)
        {
            // "<mode> <kind> <id> <size>\t<path>", the size right-aligned, "-" for a submodule's commit.
            var tab = line.IndexOf('\t');
            var meta = line[..tab].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var size = long.TryParse(meta[3], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : -1;
            entries.Add(new Entry(line[(tab + 1)..], meta[1], meta[2], size));
        }

        return entries;
    }

    /// <summary>A path of the tree: its kind (<c>blob</c>, or <c>commit</c> for a submodule), object id and size (-1 if none).</summary>
    public sealed record Entry(string Path, string Kind, string Id, long Size);
}
