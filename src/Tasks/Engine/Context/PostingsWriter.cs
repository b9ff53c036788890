namespace Orchestrator.Context;

/// <summary>
/// The index's postings: each term's (chunk id delta, frequency) pairs, terms in table order, chunks ascending within a
/// term. Inverting 5.5 M postings on a real tree is most of the save. Placing each straight at its term's place wrote all
/// over a 44 MB array, a cache miss a posting; so they are inverted in two passes that each write where the cache is:
/// first, in chunk order, into the run of their bucket of 1,024 terms (a few hundred write positions), then, bucket by
/// bucket, in the processor's cache, into term order, and encoded from there, half of the buckets on each core.
/// </summary>
internal static class PostingsWriter
{
    private const int BucketBits = 10;

    /// <summary>Writes the postings; returns where each term's start in the file (and where the last ends).</summary>
    /// <param name="counts">How many postings each term has, by table position, after a leading 0.</param>
    public static long[] Write(BinaryWriter writer, IReadOnlyList<FileAnalysis> files, IndexKeyTable table, int[] counts)
    {
        for (var t = 1; t < counts.Length; t++)
        {
            counts[t] += counts[t - 1];
        }

        var terms = counts.Length - 1;
        var buckets = (terms + (1 << BucketBits) - 1) >> BucketBits;
        var staged = Stage(files, table, counts, buckets);
        var middle = 0;
        while (middle < buckets && counts[middle << BucketBits] < counts[^1] / 2)
        {
            middle++;
        }

        var halves = new[] { (From: 0, To: middle), (From: middle, To: buckets) };
        var encoded = new (byte[] Bytes, int Length, int[] Starts)[halves.Length];
        Parallel.For(0, halves.Length, h => encoded[h] = Encode(counts, staged, halves[h].From, halves[h].To));

        var offsets = new long[counts.Length];
        for (var h = 0; h < halves.Length; h++)
        {
            var start = writer.BaseStream.Position;
            var first = Math.Min(halves[h].From << BucketBits, terms);
            for (var t = first; t < Math.Min(halves[h].To << BucketBits, terms); t++)
            {
                offsets[t] = start + encoded[h].Starts[t - first];
            }

            writer.Write(encoded[h].Bytes, 0, encoded[h].Length);
        }

        offsets[^1] = writer.BaseStream.Position;
        return offsets;
    }

    /// <summary>Every posting, in chunk order, into the run of its term's bucket (buckets in table order).</summary>
    private static Posting[] Stage(IReadOnlyList<FileAnalysis> files, IndexKeyTable table, int[] counts, int buckets)
    {
        var staged = GC.AllocateUninitializedArray<Posting>(counts[^1]);
        var next = new int[buckets];
        for (var b = 0; b < buckets; b++)
        {
            next[b] = counts[b << BucketBits];
        }

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
                    staged[next[position >> BucketBits]++] = new Posting(position, chunk, frequencies[i]);
                }

                chunk++;
            }
        }

        return staged;
    }

    /// <summary>The postings of the buckets [from, to), each bucket put in term order in a small buffer and encoded from it.</summary>
    private static (byte[] Bytes, int Length, int[] Starts) Encode(int[] counts, Posting[] staged, int from, int to)
    {
        var terms = counts.Length - 1;
        var (first, last) = (Math.Min(from << BucketBits, terms), Math.Min(to << BucketBits, terms));
        var starts = new int[last - first];
        var bytes = GC.AllocateUninitializedArray<byte>(Math.Max(1, (counts[last] - counts[first]) * 2 * IndexFileWriter.MaxVarintBytes));
        var next = new int[1 << BucketBits];
        var length = 0;
        var sorted = Array.Empty<(int Chunk, int Frequency)>();
        for (var b = from; b < to; b++)
        {
            var (bucketFirst, bucketLast) = (b << BucketBits, Math.Min((b + 1) << BucketBits, terms));
            var (low, high) = (counts[bucketFirst], counts[bucketLast]);
            if (sorted.Length < high - low)
            {
                sorted = GC.AllocateUninitializedArray<(int, int)>(Math.Max(high - low, sorted.Length * 2));
            }

            for (var t = bucketFirst; t < bucketLast; t++)
            {
                next[t - bucketFirst] = counts[t] - low;
            }

            foreach (var posting in staged.AsSpan(low, high - low))
            {
                sorted[next[posting.Term - bucketFirst]++] = (posting.Chunk, posting.Frequency);
            }

            for (var t = bucketFirst; t < bucketLast; t++)
            {
                starts[t - first] = length;
                for (var (p, previous) = (counts[t] - low, 0); p < counts[t + 1] - low; previous = sorted[p++].Chunk)
                {
                    length = IndexFileWriter.Varint(bytes, length, sorted[p].Chunk - previous);
                    length = IndexFileWriter.Varint(bytes, length, sorted[p].Frequency);
                }
            }
        }

        return (bytes, length, starts);
    }

    /// <summary>A posting with its term's table position, as staged in its bucket.</summary>
    private readonly record struct Posting(int Term, int Chunk, int Frequency);
}
