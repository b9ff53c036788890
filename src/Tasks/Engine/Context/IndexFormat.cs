using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Orchestrator.Context;

/// <summary>
/// The saved index's layout, shared by its writer and its reader. Sections follow one another; a table of contents at
/// the end says where each starts, and a footer (content length, checksum, magic) closes the file, so a truncated or
/// damaged file is told apart from a good one before anything in it is used.
/// <code>
/// chunks       int32 file, start line, end line, length per chunk (fixed size: read at any chunk id)
/// postings     per term: (chunk id delta, frequency) varints, chunk ids ascending
/// terms        key table: term → where its postings start
/// paths        key table: path → file id
/// files        each file's record (path, blob, size, tokens, kind, symbols, history), then where each starts
/// file terms   each file's term ids (varints, in the order the file first uses them), then where each starts
/// declarations per symbol key: (file id, symbol index) varints
/// symbols      key table: symbol key → where its declarations start
/// </code>
/// A key table is an open hash of strings: int32 bucket count, int32 key count, the first key of each bucket (bucket
/// count + 1), the offset of each key's UTF-8 bytes (key count + 1), an int64 value per key (key count + 1), the bytes.
/// Positions ("where") are int64 offsets from the start of the file.
/// </summary>
internal static class IndexFormat
{
    public const int Version = 2;

    public const int FooterBytes = 24;

    public static readonly byte[] Magic = "ORCHIDX2"u8.ToArray();

    public static string FileName(string tree) => $"{tree}.v{Version}.idx";

    /// <summary>A stable hash of a key (not the process-randomised string hash): writer and reader must agree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(ReadOnlySpan<char> key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    public static int BucketCount(int keys) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(keys, 1));

    /// <summary>A 64-bit checksum of the content, eight bytes at a time.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> content, ulong seed)
    {
        const ulong prime = 0x9E3779B97F4A7C15;
        var hash = seed;
        var words = MemoryMarshal.Cast<byte, ulong>(content);
        foreach (var word in words)
        {
            hash = BitOperations.RotateLeft((hash ^ word) * prime, 29);
        }

        foreach (var b in content[(words.Length * 8)..])
        {
            hash = BitOperations.RotateLeft((hash ^ b) * prime, 29);
        }

        return hash;
    }

    /// <summary>The checksum of a stream's first <paramref name="length"/> bytes, read from its current position.</summary>
    public static ulong Checksum(Stream stream, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var hash = (ulong)length;
            for (var left = length; left > 0;)
            {
                var read = (int)Math.Min(buffer.Length, left);
                stream.ReadExactly(buffer, 0, read);
                hash = Checksum(buffer.AsSpan(0, read), hash);
                left -= read;
            }

            return hash;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void WriteFooter(Span<byte> footer, long contentLength, ulong checksum)
    {
        BinaryPrimitives.WriteInt64LittleEndian(footer, contentLength);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[8..], checksum);
        Magic.CopyTo(footer[16..]);
    }
}

/// <summary>Reads what <see cref="BinaryWriter"/> wrote (7-bit encoded integers, length-prefixed UTF-8 strings) from bytes.</summary>
internal ref struct IndexSpanReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public readonly bool AtEnd => _position >= _bytes.Length;

    public int ReadVarint()
    {
        var (value, shift) = (0u, 0);
        byte next;
        do
        {
            if (shift > 28)
            {
                throw new InvalidDataException("bad variable-length integer in the index");
            }

            next = _bytes[_position++];
            value |= (uint)(next & 0x7F) << shift;
            shift += 7;
        }
        while ((next & 0x80) != 0);
        return (int)value;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadVarint()));

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = _bytes.Slice(_position, count);
        _position += count;
        return span;
    }
}
