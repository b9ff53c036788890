using System.Text;

namespace Orchestrator.Context;

/// <summary>Saves a built index in the layout of <see cref="IndexFormat"/>: terms hashed, postings inverted, one write.</summary>
internal static class IndexFileWriter
{
    internal const int MaxVarintBytes = 5;

    /// <summary>
    /// Lays the index out in memory (a 7-bit integer is a store into an array there, not a call down a file stream's
    /// buffering), checksums it there, and writes it to disk in one call.
    /// </summary>
    public static void Write(BuiltIndex built, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using var content = new MemoryStream(EstimatedBytes(built));
        using (var writer = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
        {
            WriteContent(writer, built);
        }

        var length = content.Length;
        var footer = new byte[IndexFormat.FooterBytes];
        IndexFormat.WriteFooter(footer, length, IndexFormat.Checksum(content.GetBuffer().AsSpan(0, (int)length), (ulong)length));
        content.Write(footer);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            file.Write(content.GetBuffer().AsSpan(0, (int)content.Length));
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// A little more than the file will take (postings and each file's terms about 3 bytes each, a term's table entry
    /// about 28, a file's record a few hundred), so the buffer does not have to grow: growing copies it into fresh pages.
    /// </summary>
    private static int EstimatedBytes(BuiltIndex built)
    {
        var (postings, chunks) = (built.Files.Sum(f => f.Chunks.Sum(c => (long)c.Terms.Length)), built.Files.Sum(f => (long)f.Chunks.Count));
        return (int)Math.Min(Array.MaxLength, (postings * 7) + (chunks * 16) + (built.Terms.Count * 28L) + (built.Files.Count * 320L) + (1 << 20));
    }

    private static void WriteContent(BinaryWriter writer, BuiltIndex built)
    {
        var files = built.Files;
        var termTable = new IndexKeyTable(built.Terms);
        var sections = new List<long> { writer.BaseStream.Position };
        var (chunkCount, totalLength) = (0, 0L);
        for (var f = 0; f < files.Count; f++)
        {
            foreach (var chunk in files[f].Chunks)
            {
                writer.Write(f);
                writer.Write(chunk.Start);
                writer.Write(chunk.End);
                writer.Write(chunk.Length);
                (chunkCount, totalLength) = (chunkCount + 1, totalLength + chunk.Length);
            }
        }

        var postingCounts = new int[built.Terms.Count + 1];
        for (var id = 0; id < built.Postings.Length; id++)
        {
            postingCounts[termTable.Rank[id] + 1] = built.Postings[id];
        }

        var (postings, termBytes) = (Array.Empty<long>(), (Head: Array.Empty<byte>(), Keys: Array.Empty<byte>()));
        // The term table's 460,000 keys need only their ranks, not the postings' offsets: laid out on the core the postings leave.
        Parallel.Invoke(() => postings = PostingsWriter.Write(writer, files, termTable, postingCounts), () => termBytes = termTable.Encode());
        sections.Add(writer.BaseStream.Position);
        IndexKeyTable.Write(writer, termBytes, postings);

        sections.Add(writer.BaseStream.Position);
        var paths = new IndexKeyTable(files.Select(f => f.File.Path).ToList());
        paths.Write(writer, [.. paths.Order.Select(f => (long)f), 0]);

        sections.Add(WriteRecords(writer, files.Count, f => WriteFile(writer, files[f].File)));
        var encoded = new byte[(files.Select(f => f.Terms.Length).DefaultIfEmpty(0).Max() * MaxVarintBytes) + 1];
        sections.Add(WriteRecords(writer, files.Count, f =>
        {
            var length = 0;
            foreach (var id in files[f][files[f].Terms])
            {
                length = Varint(encoded, length, termTable.Rank[id]);
            }

            writer.Write(encoded, 0, length);
        }));

        var (keys, declarations) = Declarations(files);
        var symbolTable = new IndexKeyTable(keys);
        var declared = new long[keys.Count + 1];
        for (var position = 0; position < keys.Count; position++)
        {
            declared[position] = writer.BaseStream.Position;
            foreach (var (file, symbol) in declarations[symbolTable.Order[position]])
            {
                writer.Write7BitEncodedInt(file);
                writer.Write7BitEncodedInt(symbol);
            }
        }

        declared[^1] = writer.BaseStream.Position;
        sections.Add(writer.BaseStream.Position);
        symbolTable.Write(writer, declared);

        var contents = writer.BaseStream.Position;
        writer.Write(built.Tree);
        var counts = built.Counts;
        writer.Write(counts.TrackedFiles);
        writer.Write(counts.SkippedBinary);
        writer.Write(counts.SkippedLarge);
        writer.Write(counts.TotalTokens);
        writer.Write(counts.SymbolCount);
        writer.Write(files.Count);
        writer.Write(chunkCount);
        writer.Write(built.Terms.Count);
        writer.Write(chunkCount == 0 ? 1.0 : Math.Max(1, (double)totalLength / chunkCount));
        sections.ForEach(writer.Write);
        writer.Write(contents);
    }

    /// <summary>The 7-bit encoding <see cref="BinaryWriter.Write7BitEncodedInt"/> writes, into an array: returns where it ends.</summary>
    internal static int Varint(byte[] bytes, int at, int value)
    {
        var rest = (uint)value;
        for (; rest >= 0x80; rest >>= 7)
        {
            bytes[at++] = (byte)(rest | 0x80);
        }

        bytes[at++] = (byte)rest;
        return at;
    }

    /// <summary>Every declared symbol's key, and for each key where it is declared (file, symbol index).</summary>
    private static (List<string> Keys, List<List<(int File, int Symbol)>> Declarations) Declarations(IReadOnlyList<FileAnalysis> files)
    {
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var (keys, declarations) = (new List<string>(), new List<List<(int, int)>>());
        for (var f = 0; f < files.Count; f++)
        {
            var symbols = files[f].File.Symbols;
            for (var s = 0; s < symbols.Count; s++)
            {
                var key = Terms.Key(symbols[s].Name);
                if (!byKey.TryGetValue(key, out var id))
                {
                    byKey[key] = id = keys.Count;
                    keys.Add(key);
                    declarations.Add([]);
                }

                declarations[id].Add((f, s));
            }
        }

        return (keys, declarations);
    }

    /// <summary>The records, then where each starts in the file (int64, and one past the last); returns where that table is.</summary>
    private static long WriteRecords(BinaryWriter writer, int count, Action<int> write)
    {
        var offsets = new long[count + 1];
        for (var i = 0; i < count; i++)
        {
            offsets[i] = writer.BaseStream.Position;
            write(i);
        }

        offsets[^1] = writer.BaseStream.Position;
        var table = writer.BaseStream.Position;
        Array.ForEach(offsets, writer.Write);
        return table;
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
}
