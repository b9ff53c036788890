namespace Orchestrator.Context;

/// <summary>
/// The index's postings: each term's (chunk id delta, frequency) pairs, terms in table order, chunks ascending within a
/// term. Inverting 5.5 M postings on a real tree is most of the save, and the save runs after the analysis with nothing
/// beside it: the terms are cut in two halves of about as many postings, each inverted and encoded on its own core.
/// </summary>
internal static class PostingsWriter
{
    /// <summary>Writes the postings; returns where each term's start in the file (and where the last ends).</summary>
    /// <param name="counts">How many postings each term has, by table position, after a leading 0.</param>
    public static long[] Write(BinaryWriter writer, IReadOnlyList<FileAnalysis> files, IndexKeyTable table, int[] counts)
    {
        for (var t = 1; t < counts.Length; t++)
        {
            counts[t] += counts[t - 1];
        }

        var postings = GC.AllocateUninitializedArray<(int Chunk, int Frequency)>(counts[^1]);
        var found = Array.BinarySearch(counts, counts[^1] / 2);
        var middle = Math.Min(found >= 0 ? found : ~found, counts.Length - 1);
        var halves = new[] { (From: 0, To: middle), (From: middle, To: counts.Length - 1) };
        var encoded = new (byte[] Bytes, int Length, int[] Starts)[halves.Length];
        Parallel.For(0, halves.Length, h =>
        {
            Invert(files, table, counts, halves[h].From, halves[h].To, postings);
            encoded[h] = Encode(counts, halves[h].From, halves[h].To, postings);
        });

        var offsets = new long[counts.Length];
        for (var h = 0; h < halves.Length; h++)
        {
            var start = writer.BaseStream.Position;
            for (var t = halves[h].From; t < halves[h].To; t++)
            {
                offsets[t] = start + encoded[h].Starts[t - halves[h].From];
            }

            writer.Write(encoded[h].Bytes, 0, encoded[h].Length);
        }

        offsets[^1] = writer.BaseStream.Position;
        return offsets;
    }

    /// <summary>Places the postings of the terms at table positions [from, to), in chunk order.</summary>
    private static void Invert(IReadOnlyList<FileAnalysis> files, IndexKeyTable table, int[] counts, int from, int to, (int Chunk, int Frequency)[] postings)
    {
        var next = counts[from..to];
        var chunk = 0;
        foreach (var file in files)
        {
            foreach (var chunkOfFile in file.Chunks)
            {
                var terms = file[chunkOfFile.Terms];
                var frequencies = file[chunkOfFile.Frequencies];
                for (var i = 0; i < terms.Length; i++)
                {
                    var position = table.Rank[terms[i]];
                    if (position >= from && position < to)
                    {
                        postings[next[position - from]++] = (chunk, frequencies[i]);
                    }
                }

                chunk++;
            }
        }
    }

    private static (byte[] Bytes, int Length, int[] Starts) Encode(int[] counts, int from, int to, (int Chunk, int Frequency)[] postings)
    {
        var starts = new int[to - from];
        var bytes = GC.AllocateUninitializedArray<byte>(Math.Max(1, (counts[to] - counts[from]) * 2 * IndexFileWriter.MaxVarintBytes));
        var length = 0;
        for (var t = from; t < to; t++)
        {
            starts[t - from] = length;
            for (var (p, previous) = (counts[t], 0); p < counts[t + 1]; previous = postings[p++].Chunk)
            {
                length = IndexFileWriter.Varint(bytes, length, postings[p].Chunk - previous);
                length = IndexFileWriter.Varint(bytes, length, postings[p].Frequency);
            }
        }

        return (bytes, length, starts);
    }
}
