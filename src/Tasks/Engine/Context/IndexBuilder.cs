using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
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

    /// <summary>Blobs read ahead of the analysis at most: enough to keep every core busy, little held in memory.</summary>
    private const int AnalysisQueue = 256;

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".jar",
        ".dll", ".exe", ".so", ".dylib", ".a", ".o", ".class", ".pyc", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",
        ".mp4", ".mov", ".avi", ".wav", ".snk", ".pfx", ".nupkg", ".db", ".sqlite", ".bin", ".wasm",
    };

    /// <summary>
    /// Lists the tree, streams its blobs from one <c>cat-file --batch</c> into analysis on every core while it still
    /// reads (a bounded queue between them), and runs the history's <c>git log</c> alongside.
    /// </summary>
    internal static async Task<BuiltIndex> BuildAsync(GitCli git, string commit, string tree, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var history = ReadHistoryAsync(git, commit, cancellation);
        var entries = await ListTreeAsync(git, commit, cancellation);
        var skippedBinary = entries.Count(e => BinaryExtensions.Contains(Path.GetExtension(e.Path)));
        var skippedLarge = entries.Count(e => !BinaryExtensions.Contains(Path.GetExtension(e.Path)) && e.Size > LargestIndexedBytes);
        var candidates = entries.Where(e => !BinaryExtensions.Contains(Path.GetExtension(e.Path)) && e.Size <= LargestIndexedBytes).ToList();
        var listMs = clock.ElapsedMilliseconds;

        var analysed = new FileAnalysis?[candidates.Count];
        var textBytes = candidates.Sum(e => e.Size);
        var analysts = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new AnalysisWorker(textBytes / Environment.ProcessorCount)).ToList();
        var queue = Channel.CreateBounded<(int Index, byte[] Content, int Length)>(new BoundedChannelOptions(AnalysisQueue) { SingleWriter = true });
        var workers = Enumerable.Range(0, analysts.Count).Select(w => Task.Run(async () =>
        {
            try
            {
                await foreach (var (i, content, length) in queue.Reader.ReadAllAsync(cancellation))
                {
                    analysed[i] = Analyse(candidates[i], content.AsSpan(0, length), analysts[w], w);
                    ArrayPool<byte>.Shared.Return(content);
                }
            }
            catch (Exception ex)
            {
                queue.Writer.TryComplete(ex);
                throw;
            }
        }, cancellation)).ToList();
        try
        {
            await GitBlobs.ReadEachAsync(git.WorkingDirectory, candidates.Select(e => e.Blob).ToList(), (i, content, length) => queue.Writer.WriteAsync((i, content, length), cancellation), cancellation);
        }
        catch (ChannelClosedException)
        {
            // An analysis worker failed and closed the queue; its own error is thrown below.
        }
        finally
        {
            queue.Writer.TryComplete();
        }

        await Task.WhenAll(workers);
        var analyseMs = clock.ElapsedMilliseconds;

        var files = analysed.OfType<FileAnalysis>().ToList();
        var (terms, postings, treeIds) = TermDictionary.Merge(analysts);
        Parallel.ForEach(files, file => file.Remap(treeIds[file.Worker]));
        var commits = await history;
        foreach (var file in files)
        {
            file.File.History = commits.GetValueOrDefault(file.File.Path) ?? [];
        }

        var counts = new IndexCounts(entries.Count, skippedBinary + candidates.Count - files.Count, skippedLarge, files.Sum(f => (long)f.File.Tokens))
        {
            SymbolCount = files.Sum(f => f.File.Symbols.Count),
        };
        return new BuiltIndex(tree, terms, postings, files, counts, new IndexBuildTimings(listMs, analyseMs - listMs, clock.ElapsedMilliseconds - analyseMs));
    }

    /// <summary>A text blob's analysis, its text decoded into a pooled buffer; null for a binary blob.</summary>
    private static FileAnalysis? Analyse(TreeEntry entry, ReadOnlySpan<byte> content, AnalysisWorker worker, int workerNumber)
    {
        if (GitBlobs.LooksBinary(content))
        {
            return null;
        }

        var text = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(content.Length));
        try
        {
            return FileAnalysis.Of(entry, text.AsSpan(0, Encoding.UTF8.GetChars(content, text)), worker, workerNumber);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
        }
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

    /// <summary>The last few commits that touched each path, from one <c>git log --name-only</c> over recent history.</summary>
    private static async Task<Dictionary<string, List<HistoryEntry>>> ReadHistoryAsync(GitCli git, string commit, CancellationToken cancellation)
    {
        var byPath = new Dictionary<string, List<HistoryEntry>>(StringComparer.Ordinal);
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
            else if (current is not null && line.Length > 0)
            {
                var entries = byPath.TryGetValue(line, out var known) ? known : byPath[line] = [];
                if (entries.Count < HistoryPerFile)
                {
                    entries.Add(current);
                }
            }
        }

        return byPath;
    }
}
