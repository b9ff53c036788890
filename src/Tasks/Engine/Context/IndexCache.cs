using System.Diagnostics;
using Orchestrator.Git;

namespace Orchestrator.Context;

/// <summary>
/// The index of a tree, saved under the artifacts folder by the tree's hash: an unchanged tree is loaded, not rebuilt.
/// It loads lazily (see <see cref="IndexFormat"/>): a new plan on the same tree reads the postings of its own terms and
/// the records of the files they rank from the cache file, not the whole index.
/// </summary>
public static class IndexCache
{
    /// <param name="cacheDirectory">The run layout's <c>ContextCacheDirectory</c>.</param>
    public static string FileFor(string cacheDirectory, string tree) => Path.Combine(cacheDirectory, IndexFormat.FileName(tree));

    /// <summary>The index of the commit's tree, from the cache when it is there and sound; <c>Hit</c> tells which.</summary>
    public static async Task<(RepositoryIndex Index, bool Hit)> LoadOrBuildAsync(
        GitCli git, string commit, string cacheDirectory, CancellationToken cancellation) =>
        await LoadOrBuildAsync(new TreeListing(git, commit), git.Run(["rev-parse", $"{commit}^{{tree}}"], cancellation), cacheDirectory, cancellation);

    /// <summary>
    /// The same, for a caller that has already resolved the commit's tree (one <c>rev-parse</c> fewer) and may have
    /// listed it (<paramref name="listing"/>, shared with the phases after).
    /// </summary>
    public static async Task<(RepositoryIndex Index, bool Hit)> LoadOrBuildAsync(
        TreeListing listing, string tree, string cacheDirectory, CancellationToken cancellation)
    {
        var path = FileFor(cacheDirectory, tree);
        if (MappedIndexFile.TryOpen(path, tree) is { } cached)
        {
            return (new RepositoryIndex(tree, cached), true);
        }

        var built = await IndexBuilder.BuildAsync(listing, tree, cancellation);
        var clock = Stopwatch.StartNew();
        IndexFileWriter.Write(built, path);
        Prune(cacheDirectory);
        var saved = MappedIndexFile.TryOpen(path, tree, verify: false) ?? throw new InvalidOperationException($"the index just written to {path} cannot be read back");
        return (new RepositoryIndex(tree, saved) { BuildTimings = built.Timings with { Save = clock.ElapsedMilliseconds }, BlobsRead = built.BlobsRead }, false);
    }

    /// <summary>Keeps the most recently written entries; older trees are unlikely to be asked for again.</summary>
    public static void Prune(string cacheDirectory, int keep = 8)
    {
        var folder = new DirectoryInfo(cacheDirectory);
        if (!folder.Exists)
        {
            return;
        }

        foreach (var pattern in new[] { "*.idx", "*.context.json" })
        {
            foreach (var stale in folder.EnumerateFiles(pattern).OrderByDescending(f => f.LastWriteTimeUtc).Skip(pattern == "*.idx" ? keep : keep * 4))
            {
                stale.Delete();
            }
        }
    }
}
