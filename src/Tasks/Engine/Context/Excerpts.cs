namespace Orchestrator.Context;

/// <summary>Reading indexed files' text at the base commit (one git call for all of them) and cutting excerpts.</summary>
public static class Excerpts
{
    public static Dictionary<string, string> Read(string repoPath, IEnumerable<IndexedFile> files, CancellationToken cancellation)
    {
        var list = files.DistinctBy(f => f.Path).ToList();
        var blobs = GitBlobs.Read(repoPath, list.Select(f => f.Blob), cancellation);
        return list
            .Where(f => blobs.ContainsKey(f.Blob))
            .ToDictionary(f => f.Path, f => GitBlobs.AsText(blobs[f.Blob]) ?? "", StringComparer.Ordinal);
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
