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

    /// <summary>
    /// Up to this many files, each is analysed as soon as it is read, on the reading thread: setting up workers and the
    /// queue between them costs a small tree more than it saves (the bundled sample has 8 files).
    /// </summary>
    internal const int AnalysedAsReadUpTo = 64;

    /// <summary>
    /// A tree analysed as read whose text is at most this large keeps its blobs for the phase's excerpts: another
    /// <c>git cat-file</c> process for them costs a small tree's run more than holding them.
    /// </summary>
    private const long BlobsKeptUpTo = 1 << 20;

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".jar",
        ".dll", ".exe", ".so", ".dylib", ".a", ".o", ".class", ".pyc", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",
        ".mp4", ".mov", ".avi", ".wav", ".snk", ".pfx", ".nupkg", ".db", ".sqlite", ".bin", ".wasm",
    };

    /// <summary>
    /// Lists the tree, streams its blobs from one <c>cat-file --batch</c> into analysis on every core while it still
    /// reads (a bounded queue between them; a small tree's files are analysed as they are read), and runs the history's
    /// <c>git log</c> alongside.
    /// </summary>
    internal static async Task<BuiltIndex> BuildAsync(TreeListing listing, string tree, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var git = listing.Git;
        var history = Task.Factory.StartNew(() => ReadHistory(git, listing.Commit, cancellation), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var entries = Blobs(listing, cancellation);
        var skippedBinary = entries.Count(e => BinaryExtensions.Contains(Path.GetExtension(e.Path)));
        var skippedLarge = entries.Count(e => !BinaryExtensions.Contains(Path.GetExtension(e.Path)) && e.Size > LargestIndexedBytes);
        var candidates = entries.Where(e => !BinaryExtensions.Contains(Path.GetExtension(e.Path)) && e.Size <= LargestIndexedBytes).ToList();
        var listMs = clock.ElapsedMilliseconds;

        var analysed = new FileAnalysis?[candidates.Count];
        var blobs = candidates.Select(e => e.Id).ToList();
        var textBytes = candidates.Sum(e => e.Size);
        if (candidates.Count <= AnalysedAsReadUpTo)
        {
            var analyst = new AnalysisWorker(textBytes);
            var read = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            GitBlobs.ReadEach(git.WorkingDirectory, blobs, (i, content, length) =>
            {
                analysed[i] = Analyse(candidates[i], content.AsSpan(0, length), analyst, 0);
                if (textBytes <= BlobsKeptUpTo)
                {
                    read[blobs[i]] = content.AsSpan(0, length).ToArray();
                }

                ArrayPool<byte>.Shared.Return(content);
            }, cancellation);
            return Index(tree, entries, candidates.Count, skippedBinary, skippedLarge, analysed, [analyst], await history, clock, listMs) with { BlobsRead = read };
        }

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
            // The reading blocks, so it has a thread of its own, not one of the pool's the workers run on.
            await Task.Factory.StartNew(
                () => GitBlobs.ReadEach(git.WorkingDirectory, blobs, (i, content, length) => Enqueue(queue.Writer, (i, content, length), cancellation), cancellation),
                cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
        return Index(tree, entries, candidates.Count, skippedBinary, skippedLarge, analysed, analysts, await history, clock, listMs);
    }

    private static BuiltIndex Index(
        string tree, List<TreeListing.Entry> entries, int candidates, int skippedBinary, int skippedLarge, FileAnalysis?[] analysed,
        List<AnalysisWorker> analysts, Dictionary<string, List<HistoryEntry>> commits, Stopwatch clock, long listMs)
    {
        var analyseMs = clock.ElapsedMilliseconds;
        var files = analysed.OfType<FileAnalysis>().ToList();
        var (terms, postings, treeIds) = TermDictionary.Merge(analysts);
        if (analysts.Count == 1)
        {
            files.ForEach(file => file.Remap(treeIds[file.Worker]));
        }
        else
        {
            Parallel.ForEach(files, file => file.Remap(treeIds[file.Worker]));
        }

        foreach (var file in files)
        {
            file.File.History = commits.GetValueOrDefault(file.File.Path) ?? [];
        }

        var counts = new IndexCounts(entries.Count, skippedBinary + candidates - files.Count, skippedLarge, files.Sum(f => (long)f.File.Tokens))
        {
            SymbolCount = files.Sum(f => f.File.Symbols.Count),
        };
        return new BuiltIndex(tree, terms, postings, files, counts, new IndexBuildTimings(listMs, analyseMs - listMs, clock.ElapsedMilliseconds - analyseMs));
    }

    /// <summary>Waits, on the reading thread, for room in the analysis queue when it is full.</summary>
    private static void Enqueue<T>(ChannelWriter<T> queue, T item, CancellationToken cancellation)
    {
        if (!queue.TryWrite(item))
        {
            queue.WriteAsync(item, cancellation).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>A text blob's analysis, its text decoded into a pooled buffer; null for a binary blob.</summary>
    private static FileAnalysis? Analyse(TreeListing.Entry entry, ReadOnlySpan<byte> content, AnalysisWorker worker, int workerNumber)
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

    private static List<TreeListing.Entry> Blobs(TreeListing listing, CancellationToken cancellation) =>
        listing.Entries(cancellation).Where(e => e.Kind == "blob").ToList();

    /// <summary>The last few commits that touched each path, from one <c>git log --name-only</c> over recent history.</summary>
    private static Dictionary<string, List<HistoryEntry>> ReadHistory(GitCli git, string commit, CancellationToken cancellation)
    {
        var byPath = new Dictionary<string, List<HistoryEntry>>(StringComparer.Ordinal);
        var lines = git.Lines(
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
