using System.Text;

namespace Orchestrator.Context;

/// <summary>Saves a built index in the layout of <see cref="IndexFormat"/>: terms joined, postings inverted, one write.</summary>
internal static class IndexFileWriter
{
    public static void Write(BuiltIndex built, string path)
    {
        var files = built.Files;
        var (terms, fileTerms) = JoinTerms(files);
        var termTable = new IndexKeyTable(terms);
        var content = new MemoryStream();
        using var writer = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true);
        var sections = new List<long>();

        sections.Add(content.Position);
        var chunkCount = 0;
        var totalLength = 0L;
        var postingCounts = new int[terms.Count + 1];
        for (var f = 0; f < files.Count; f++)
        {
            foreach (var (start, end, local, frequencies) in files[f].Chunks)
            {
                var length = frequencies.Sum();
                writer.Write(f);
                writer.Write(start);
                writer.Write(end);
                writer.Write(length);
                (chunkCount, totalLength) = (chunkCount + 1, totalLength + length);
                foreach (var id in local)
                {
                    postingCounts[termTable.Rank[fileTerms[f][id]] + 1]++;
                }
            }
        }

        sections.Add(content.Position);
        var postings = Postings(files, fileTerms, termTable, postingCounts);
        termTable.Write(writer, postings.Offsets);

        sections.Add(content.Position);
        writer.Write(postings.Bytes.GetBuffer(), 0, (int)postings.Bytes.Length);

        sections.Add(content.Position);
        var paths = new IndexKeyTable(files.Select(f => f.File.Path).ToList());
        paths.Write(writer, [.. paths.Order.Select(f => (long)f), 0]);

        sections.Add(content.Position);
        WriteRecords(writer, files.Count, (record, f) => WriteFile(record, files[f].File));

        sections.Add(content.Position);
        WriteRecords(writer, files.Count, (record, f) => Array.ForEach(fileTerms[f], id => record.Write7BitEncodedInt(termTable.Rank[id])));

        var (keys, declarations) = Declarations(files);
        var symbolTable = new IndexKeyTable(keys);
        sections.Add(content.Position);
        WriteRecordsTable(writer, symbolTable, declarations);

        var contents = content.Position;
        writer.Write(built.Tree);
        var counts = built.Counts;
        writer.Write(counts.TrackedFiles);
        writer.Write(counts.SkippedBinary);
        writer.Write(counts.SkippedLarge);
        writer.Write(counts.TotalTokens);
        writer.Write(counts.SymbolCount);
        writer.Write(files.Count);
        writer.Write(chunkCount);
        writer.Write(terms.Count);
        writer.Write(chunkCount == 0 ? 1.0 : Math.Max(1, (double)totalLength / chunkCount));
        sections.ForEach(writer.Write);
        writer.Write(contents);
        writer.Flush();

        var footer = new byte[IndexFormat.FooterBytes];
        IndexFormat.WriteFooter(footer, content.Length, IndexFormat.Checksum(content.GetBuffer().AsSpan(0, (int)content.Length), (ulong)content.Length));
        content.Write(footer);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(content.GetBuffer(), 0, (int)content.Length);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>One term list for the whole tree, and each file's local term ids mapped onto it.</summary>
    private static (List<string> Terms, int[][] FileTerms) JoinTerms(IReadOnlyList<FileAnalysis> files)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        var fileTerms = new int[files.Count][];
        for (var f = 0; f < files.Count; f++)
        {
            var local = files[f].Terms;
            var global = fileTerms[f] = new int[local.Count];
            for (var t = 0; t < local.Count; t++)
            {
                if (!ids.TryGetValue(local[t], out global[t]))
                {
                    global[t] = ids[local[t]] = terms.Count;
                    terms.Add(local[t]);
                }
            }
        }

        return (terms, fileTerms);
    }

    /// <summary>Each term's (chunk, frequency) pairs, terms in table order, chunks ascending within a term.</summary>
    private static (MemoryStream Bytes, long[] Offsets) Postings(IReadOnlyList<FileAnalysis> files, int[][] fileTerms, IndexKeyTable table, int[] counts)
    {
        for (var t = 1; t < counts.Length; t++)
        {
            counts[t] += counts[t - 1];
        }

        var (chunks, frequencies) = (new int[counts[^1]], new int[counts[^1]]);
        var next = counts[..^1];
        var chunk = 0;
        for (var f = 0; f < files.Count; f++)
        {
            foreach (var (_, _, local, frequency) in files[f].Chunks)
            {
                for (var i = 0; i < local.Length; i++)
                {
                    var slot = next[table.Rank[fileTerms[f][local[i]]]]++;
                    (chunks[slot], frequencies[slot]) = (chunk, frequency[i]);
                }

                chunk++;
            }
        }

        var bytes = new MemoryStream();
        using var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true);
        var offsets = new long[counts.Length];
        for (var t = 0; t + 1 < counts.Length; t++)
        {
            offsets[t] = bytes.Position;
            for (var (p, previous) = (counts[t], 0); p < counts[t + 1]; previous = chunks[p++])
            {
                writer.Write7BitEncodedInt(chunks[p] - previous);
                writer.Write7BitEncodedInt(frequencies[p]);
            }
        }

        writer.Flush();
        offsets[^1] = bytes.Position;
        return (bytes, offsets);
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

    private static void WriteRecordsTable(BinaryWriter writer, IndexKeyTable table, List<List<(int File, int Symbol)>> declarations)
    {
        var records = new MemoryStream();
        using var recordWriter = new BinaryWriter(records, Encoding.UTF8, leaveOpen: true);
        var offsets = new long[declarations.Count + 1];
        for (var position = 0; position < declarations.Count; position++)
        {
            offsets[position] = records.Position;
            foreach (var (file, symbol) in declarations[table.Order[position]])
            {
                recordWriter.Write7BitEncodedInt(file);
                recordWriter.Write7BitEncodedInt(symbol);
            }
        }

        recordWriter.Flush();
        offsets[^1] = records.Position;
        table.Write(writer, offsets);
        writer.Write(records.GetBuffer(), 0, (int)records.Length);
    }

    /// <summary>An int64 offset per record (and one past the last), relative to the first record, then the records.</summary>
    private static void WriteRecords(BinaryWriter writer, int count, Action<BinaryWriter, int> write)
    {
        var records = new MemoryStream();
        using var recordWriter = new BinaryWriter(records, Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < count; i++)
        {
            writer.Write(records.Position);
            write(recordWriter, i);
            recordWriter.Flush();
        }

        writer.Write(records.Position);
        writer.Write(records.GetBuffer(), 0, (int)records.Length);
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
