using System.Text;
using Orchestrator.Git;

namespace Orchestrator.Context;

/// <summary>
/// The index of a tree, saved under the artifacts folder by the tree's hash: an unchanged tree is loaded, not rebuilt.
/// A compact binary file, because a JSON index of a large repository takes longer to parse than to rebuild.
/// </summary>
public static class IndexCache
{
    private const string Magic = "orchestrator-index";
    private const int FormatVersion = 1;

    /// <param name="cacheDirectory">The run layout's <c>ContextCacheDirectory</c>.</param>
    public static string FileFor(string cacheDirectory, string tree) => Path.Combine(cacheDirectory, $"{tree}.v{FormatVersion}.idx");

    /// <summary>The index of the commit's tree, from the cache when it is there; <c>Hit</c> tells which.</summary>
    public static async Task<(RepositoryIndex Index, bool Hit)> LoadOrBuildAsync(
        GitCli git, string commit, string cacheDirectory, CancellationToken cancellation)
    {
        var tree = await git.RunAsync(["rev-parse", $"{commit}^{{tree}}"], cancellation);
        var path = FileFor(cacheDirectory, tree);
        if (File.Exists(path) && TryLoad(path, tree) is { } cached)
        {
            return (cached, true);
        }

        var index = await IndexBuilder.BuildAsync(git, commit, tree, cancellation);
        Save(index, path);
        Prune(cacheDirectory);
        return (index, false);
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

    public static void Save(RepositoryIndex index, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(index.Tree);
            var counts = index.Counts;
            writer.Write(counts.TrackedFiles);
            writer.Write(counts.SkippedBinary);
            writer.Write(counts.SkippedLarge);
            writer.Write(counts.TotalTokens);
            writer.Write(counts.SymbolCount);
            writer.Write7BitEncodedInt(index.Files.Count);
            foreach (var file in index.Files)
            {
                WriteFile(writer, file);
            }

            writer.Write7BitEncodedInt(index.TermList.Count);
            index.TermList.ForEach(writer.Write);
            writer.Write7BitEncodedInt(index.Chunks.Count);
            foreach (var chunk in index.Chunks)
            {
                writer.Write7BitEncodedInt(chunk.File);
                writer.Write7BitEncodedInt(chunk.StartLine);
                writer.Write7BitEncodedInt(chunk.EndLine);
                writer.Write7BitEncodedInt(chunk.TermIds.Length);
                for (var i = 0; i < chunk.TermIds.Length; i++)
                {
                    writer.Write7BitEncodedInt(chunk.TermIds[i]);
                    writer.Write7BitEncodedInt(chunk.Frequencies[i]);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The saved index, or null when the file is from another format version or is damaged (it is then rebuilt).</summary>
    public static RepositoryIndex? TryLoad(string path, string tree)
    {
        try
        {
            using var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 1 << 16), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadString() != tree)
            {
                return null;
            }

            var counts = new IndexCounts(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64()) { SymbolCount = reader.ReadInt32() };
            var files = Enumerable.Range(0, reader.Read7BitEncodedInt()).Select(_ => ReadFile(reader)).ToList();
            var terms = Enumerable.Range(0, reader.Read7BitEncodedInt()).Select(_ => reader.ReadString()).ToList();
            var chunks = new List<Chunk>(reader.Read7BitEncodedInt());
            for (var c = chunks.Capacity; c > 0; c--)
            {
                var (file, start, end, count) = (reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt());
                var (ids, frequencies) = (new int[count], new int[count]);
                for (var i = 0; i < count; i++)
                {
                    ids[i] = reader.Read7BitEncodedInt();
                    frequencies[i] = reader.Read7BitEncodedInt();
                }

                chunks.Add(new Chunk { File = file, StartLine = start, EndLine = end, TermIds = ids, Frequencies = frequencies });
            }

            return new RepositoryIndex(tree, files, terms, chunks, counts);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void WriteFile(BinaryWriter writer, IndexedFile file)
    {
        writer.Write(file.Path);
        writer.Write(file.Blob);
        writer.Write(file.Size);
        writer.Write(file.Tokens);
        writer.Write(file.Kind);
        writer.Write7BitEncodedInt(file.Symbols.Count);
        foreach (var symbol in file.Symbols)
        {
            writer.Write(symbol.Name);
            writer.Write(symbol.Kind);
            writer.Write7BitEncodedInt(symbol.Line);
        }

        writer.Write7BitEncodedInt(file.History.Count);
        foreach (var entry in file.History)
        {
            writer.Write(entry.Commit);
            writer.Write(entry.UnixTime);
            writer.Write(entry.Subject);
        }
    }

    private static IndexedFile ReadFile(BinaryReader reader)
    {
        var file = new IndexedFile
        {
            Path = reader.ReadString(),
            Blob = reader.ReadString(),
            Size = reader.ReadInt64(),
            Tokens = reader.ReadInt32(),
            Kind = reader.ReadString(),
        };
        for (var s = reader.Read7BitEncodedInt(); s > 0; s--)
        {
            file.Symbols.Add(new Symbol(reader.ReadString(), reader.ReadString(), reader.Read7BitEncodedInt()));
        }

        for (var h = reader.Read7BitEncodedInt(); h > 0; h--)
        {
            file.History.Add(new HistoryEntry(reader.ReadString(), reader.ReadInt64(), reader.ReadString()));
        }

        return file;
    }
}
