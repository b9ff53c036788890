using System.Buffers.Binary;
using System.Text;

namespace Orchestrator.Context;

/// <summary>Lays strings out as an open hash on disk (see <see cref="IndexFormat"/>): keys grouped by bucket, in bucket order.</summary>
internal sealed class IndexKeyTable
{
    private readonly IKeyList _keys;
    private readonly int[] _bucketStarts;

    public IndexKeyTable(IReadOnlyList<string> keys)
        : this(new StringKeys(keys))
    {
    }

    public IndexKeyTable(IKeyList keys)
    {
        _keys = keys;
        var buckets = IndexFormat.BucketCount(keys.Count);
        var bucketOf = new int[keys.Count];
        _bucketStarts = new int[buckets + 1];
        for (var k = 0; k < keys.Count; k++)
        {
            bucketOf[k] = (int)(IndexFormat.Hash(keys[k]) & (uint)(buckets - 1));
            _bucketStarts[bucketOf[k] + 1]++;
        }

        for (var b = 0; b < buckets; b++)
        {
            _bucketStarts[b + 1] += _bucketStarts[b];
        }

        Order = new int[keys.Count];
        Rank = new int[keys.Count];
        var next = _bucketStarts[..^1];
        for (var k = 0; k < keys.Count; k++)
        {
            var position = next[bucketOf[k]]++;
            Order[position] = k;
            Rank[k] = position;
        }
    }

    /// <summary>The key at each position of the table.</summary>
    public int[] Order { get; }

    /// <summary>The position of each key in the table: the id a reader knows it by.</summary>
    public int[] Rank { get; }

    /// <summary>
    /// The table's bytes before its values (bucket count, key count, bucket starts, where each key's UTF-8 bytes end)
    /// and after them (the keys' bytes): they need no values, so the save lays them out beside the postings.
    /// </summary>
    public (byte[] Head, byte[] Keys) Encode()
    {
        var byteCounts = new int[_keys.Count];
        for (var k = 0; k < _keys.Count; k++)
        {
            byteCounts[k] = Encoding.UTF8.GetByteCount(_keys[k]);
        }

        var head = new byte[(2 + _bucketStarts.Length + 1 + Order.Length) * sizeof(int)];
        var at = PutInt(head, PutInt(head, 0, _bucketStarts.Length - 1), _keys.Count);
        foreach (var start in _bucketStarts)
        {
            at = PutInt(head, at, start);
        }

        var ends = new int[Order.Length];
        var offset = 0;
        at = PutInt(head, at, offset);
        for (var position = 0; position < Order.Length; position++)
        {
            at = PutInt(head, at, ends[position] = offset += byteCounts[Order[position]]);
        }

        var keys = GC.AllocateUninitializedArray<byte>(offset);
        for (var k = 0; k < _keys.Count; k++)
        {
            Encoding.UTF8.GetBytes(_keys[k], keys.AsSpan(ends[Rank[k]] - byteCounts[k]));
        }

        return (head, keys);
    }

    /// <param name="encoded">What <see cref="Encode"/> returned for this table.</param>
    /// <param name="values">A value per position, and one more after the last.</param>
    public static void Write(BinaryWriter writer, (byte[] Head, byte[] Keys) encoded, long[] values)
    {
        writer.Write(encoded.Head);
        var bytes = GC.AllocateUninitializedArray<byte>(values.Length * sizeof(long));
        for (var v = 0; v < values.Length; v++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(v * sizeof(long)), values[v]);
        }

        writer.Write(bytes);
        writer.Write(encoded.Keys);
    }

    /// <param name="values">A value per position, and one more after the last.</param>
    public void Write(BinaryWriter writer, long[] values) => Write(writer, Encode(), values);

    private static int PutInt(byte[] bytes, int at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
        return at + sizeof(int);
    }

    private sealed class StringKeys(IReadOnlyList<string> keys) : IKeyList
    {
        public int Count => keys.Count;

        public ReadOnlySpan<char> this[int index] => keys[index];
    }
}

/// <summary>Keys read by position as spans: the tree's terms straight from the analysis's vocabulary, no string each.</summary>
internal interface IKeyList
{
    int Count { get; }

    ReadOnlySpan<char> this[int index] { get; }
}
