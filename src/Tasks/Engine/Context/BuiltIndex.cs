namespace Orchestrator.Context;

/// <summary>
/// What a cold build produced, in memory until <see cref="IndexFileWriter"/> saves it: the tree's terms, how many chunks
/// have each (its postings, by term id), and each text file's analysis.
/// </summary>
internal sealed record BuiltIndex(string Tree, IKeyList Terms, int[] Postings, IReadOnlyList<FileAnalysis> Files, IndexCounts Counts, IndexBuildTimings Timings)
{
    /// <summary>The blobs' bytes by id, when the build kept them (a small tree): see <see cref="RepositoryIndex.BlobsRead"/>.</summary>
    public IReadOnlyDictionary<string, byte[]> BlobsRead { get; init; } = RepositoryIndex.NoBlobs;
}
