using System.Text;

namespace Orchestrator.Context;

/// <summary>Lays strings out as an open hash on disk (see <see cref="IndexFormat"/>): keys grouped by bucket, in bucket order.</summary>
internal sealed class IndexKeyTable
{
    private readonly IReadOnlyList<string> _keys;
    private readonly int[] _bucketStarts;

    public IndexKeyTable(IReadOnlyList<string> keys)
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

    /// <param name="values">A value per position, and one more after the last.</param>
    public void Write(BinaryWriter writer, long[] values)
    {
        writer.Write(_bucketStarts.Length - 1);
        writer.Write(_keys.Count);
        foreach (var start in _bucketStarts)
        {
            writer.Write(start);
        }

        var offset = 0;
        writer.Write(offset);
        foreach (var k in Order)
        {
            writer.Write(offset += Encoding.UTF8.GetByteCount(_keys[k]));
        }

        foreach (var value in values)
        {
            writer.Write(value);
        }

        var encoded = new byte[256];
        foreach (var k in Order)
        {
            var key = _keys[k];
            if (Encoding.UTF8.GetMaxByteCount(key.Length) > encoded.Length)
            {
                encoded = new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
            }

            writer.Write(encoded, 0, Encoding.UTF8.GetBytes(key, encoded));
        }
    }
}
