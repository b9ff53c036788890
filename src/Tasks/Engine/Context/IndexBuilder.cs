using System.Diagnostics;
using System.Globalization;
using Orchestrator.Git;
using Orchestrator.Plans;

namespace Orchestrator.Context;

/// <summary>Builds the index of a commit's tree: one ls-tree, one cat-file batch, one git log for the whole repository.</summary>
public static class IndexBuilder
{
    /// <summary>Files larger than this are generated or data files, not worth an agent's context.</summary>
    public const long LargestIndexedBytes = 256 * 1024;

    private const int HistoryCommits = 300;
    private const int HistoryPerFile = 3;

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".jar",
        ".dll", ".exe", ".so", ".dylib", ".a", ".o", ".class", ".pyc", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",
        ".mp4", ".mov", ".avi", ".wav", ".snk", ".pfx", ".nupkg", ".db", ".sqlite", ".bin", ".wasm",
    };

    public static async Task<RepositoryIndex> BuildAsync(GitCli git, string commit, string tree, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var entries = await ListTreeAsync(git, commit, cancellation);
        var skippedBinary = entries.Count(e => BinaryExtensions.Contains(Path.GetExtension(e.Path)));
        var skippedLarge = entries.Count(e => !BinaryExtensions.Contains(Path.GetExtension(e.Path)) && e.Size > LargestIndexedBytes);
        var candidates = entries.Where(e => !BinaryExtensions.Contains(Path.GetExtension(e.Path)) && e.Size <= LargestIndexedBytes).ToList();
        var listMs = clock.ElapsedMilliseconds;
        var contents = await GitBlobs.ReadAsync(git.WorkingDirectory, candidates.Select(e => e.Blob), cancellation);
        var readMs = clock.ElapsedMilliseconds;

        var analysed = new FileAnalysis?[candidates.Count];
        Parallel.For(0, candidates.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            var entry = candidates[i];
            if (contents.GetValueOrDefault(entry.Blob) is { } bytes && GitBlobs.AsText(bytes) is { } text)
            {
                analysed[i] = FileAnalysis.Of(entry, text);
            }
        });
        var analyseMs = clock.ElapsedMilliseconds;

        var files = new List<IndexedFile>();
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var chunks = new List<Chunk>();
        foreach (var analysis in analysed.OfType<FileAnalysis>())
        {
            var global = analysis.Terms.Select(t => termIds.TryGetValue(t, out var id) ? id : termIds[t] = termIds.Count).ToArray();
            foreach (var (start, end, local, frequencies) in analysis.Chunks)
            {
                chunks.Add(new Chunk { File = files.Count, StartLine = start, EndLine = end, TermIds = Array.ConvertAll(local, l => global[l]), Frequencies = frequencies });
            }

            files.Add(analysis.File);
        }

        var assembleMs = clock.ElapsedMilliseconds;
        await AttachHistoryAsync(git, commit, files, cancellation);
        var binaryByContent = candidates.Count - files.Count;
        var counts = new IndexCounts(entries.Count, skippedBinary + binaryByContent, skippedLarge, files.Sum(f => (long)f.Tokens))
        {
            SymbolCount = files.Sum(f => f.Symbols.Count),
        };
        var terms = new string[termIds.Count];
        foreach (var (term, id) in termIds)
        {
            terms[id] = term;
        }

        return new RepositoryIndex(tree, files, [.. terms], chunks, counts)
        {
            BuildTimings = new IndexBuildTimings(listMs, readMs - listMs, analyseMs - readMs, assembleMs - analyseMs, clock.ElapsedMilliseconds - assembleMs),
        };
    }

    public static string KindOf(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        var extension = Path.GetExtension(name);
        return SpecDocuments.IsSpecPath(path) ? "spec"
            : path.Contains("test", StringComparison.OrdinalIgnoreCase) ? "test"
            : extension is ".md" or ".txt" or ".rst" or ".adoc" ? "doc"
            : extension is ".json" or ".yml" or ".yaml" or ".toml" or ".xml" or ".ini" or ".cfg" or ".props" or ".csproj" ? "config"
            : "code";
    }

    internal sealed record TreeEntry(string Path, string Blob, long Size);

    private static async Task<List<TreeEntry>> ListTreeAsync(GitCli git, string commit, CancellationToken cancellation)
    {
        var lines = await git.LinesAsync(["-c", "core.quotePath=false", "ls-tree", "-r", "-l", "--full-tree", commit], cancellation);
        return lines
            .Select(line => line.Split('\t', 2))
            .Select(parts => (Meta: parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), Path: parts[1]))
            .Where(entry => entry.Meta[1] == "blob")
            .Select(entry => new TreeEntry(entry.Path, entry.Meta[2], long.Parse(entry.Meta[3], CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The last few commits that touched each file, from one <c>git log --name-only</c> over recent history.</summary>
    private static async Task AttachHistoryAsync(GitCli git, string commit, List<IndexedFile> files, CancellationToken cancellation)
    {
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var lines = await git.LinesAsync(
            ["-c", "core.quotePath=false", "log", $"-n{HistoryCommits}", "--no-renames", "--name-only", "--format=>%x1f%h%x1f%at%x1f%s", commit],
            cancellation);
        HistoryEntry? current = null;
        foreach (var line in lines)
        {
            if (line.StartsWith(">\u001f", StringComparison.Ordinal))
            {
                var parts = line[2..].Split('\u001f', 3);
                current = new HistoryEntry(parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture), parts.ElementAtOrDefault(2) ?? "");
            }
            else if (current is not null && line.Length > 0 && byPath.TryGetValue(line, out var file) && file.History.Count < HistoryPerFile)
            {
                file.History.Add(current);
            }
        }
    }
}
