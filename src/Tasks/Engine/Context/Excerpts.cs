namespace Orchestrator.Context;

/// <summary>Reading indexed files' text at the base commit (one git call for all of them) and cutting excerpts.</summary>
public static class Excerpts
{
    /// <param name="known">Blobs already read, by id (<see cref="RepositoryIndex.BlobsRead"/>): git is asked for the others only.</param>
    public static Dictionary<string, string> Read(
        string repoPath, IEnumerable<IndexedFile> files, CancellationToken cancellation, IReadOnlyDictionary<string, byte[]>? known = null)
    {
        known ??= RepositoryIndex.NoBlobs;
        var list = files.DistinctBy(f => f.Path).ToList();
        var blobs = GitBlobs.Read(repoPath, list.Select(f => f.Blob).Where(b => !known.ContainsKey(b)), cancellation);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in list)
        {
            if (known.TryGetValue(file.Blob, out var content) || blobs.TryGetValue(file.Blob, out content))
            {
                texts[file.Path] = GitBlobs.AsText(content) ?? "";
            }
        }

        return texts;
    }

    public static string Head(string text, int characters) => text.Length <= characters ? text : text[..characters] + "…";

    public static string Lines(string text, Chunk chunk, int characters)
    {
        var lines = text.Split('\n');
        var start = Math.Clamp(chunk.StartLine - 1, 0, lines.Length);
        var end = Math.Clamp(chunk.EndLine, start, lines.Length);
        return Head(string.Join('\n', lines[start..end]), characters);
    }

    public static string Why(SearchHit hit) =>
        $"matches {string.Join(", ", hit.MatchedTerms.Take(6).Select(t => $"'{t}'"))} (lines {hit.BestChunk.StartLine}-{hit.BestChunk.EndLine})";
}
