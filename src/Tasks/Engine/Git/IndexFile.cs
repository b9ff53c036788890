using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Git;

/// <summary>What a recycled worktree's reset needs of an index entry: the marks an agent may set, and whether it is a submodule.</summary>
internal sealed record IndexEntry(string Path, bool AssumeUnchanged, bool SkipWorktree, bool Gitlink)
{
    /// <summary>A line of <c>git ls-files --stage -v -z</c>: <c>&lt;tag&gt; &lt;mode&gt; &lt;object&gt; &lt;stage&gt;\t&lt;path&gt;</c>.</summary>
    public static IndexEntry FromLsFiles(string line) => new(
        line[(line.IndexOf('\t') + 1)..], char.IsLower(line[0]), line[0] is 'S' or 's', line[2..line.IndexOf(' ', 2)] == "160000");
}

/// <summary>
/// Reads a worktree's index file in process, as <c>git ls-files --stage -v</c> would list it: one git start fewer on
/// every reuse of a worktree. Only what is fully understood is trusted — versions 2 to 4, a SHA-1 or SHA-256 trailer
/// that matches the content, no extension git itself would require to be understood (a split index's <c>link</c>, a
/// sparse index's <c>sdir</c>), no flag bit it does not know. Anything else gives null, and the caller asks git.
/// </summary>
internal static class IndexFile
{
    private const int AssumeValid = 0x8000;
    private const int Extended = 0x4000;
    private const int NameMask = 0x0FFF;
    private const int SkipWorktree = 0x4000;
    private const int IntentToAdd = 0x2000;
    private const uint GitlinkMode = 0xE000; // 0160000: the object type bits of a submodule's entry
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The entries of the index at <paramref name="path"/>, or null when it is missing or not fully understood.</summary>
    public static IReadOnlyList<IndexEntry>? TryRead(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            return HashSize(bytes) is { } hashSize ? Parse(bytes.AsSpan(0, bytes.Length - hashSize), hashSize) : null;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException or DecoderFallbackException or FormatException)
        {
            return null; // short or corrupt: ls-files decides
        }
    }

    /// <summary>The index file's checksum, verified against its content; null when it is missing, has none or does not match.</summary>
    public static byte[]? Checksum(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return HashSize(bytes) is { } size ? bytes[^size..] : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The object id size whose hash of the content is the file's trailer; null if neither matches (or git skipped the hash).</summary>
    private static int? HashSize(byte[] bytes)
    {
        foreach (var size in (int[])[20, 32])
        {
            var content = bytes.AsSpan(0, Math.Max(0, bytes.Length - size));
            if (content.Length >= 12 && (size == 20 ? SHA1.HashData(content) : SHA256.HashData(content)).AsSpan().SequenceEqual(bytes.AsSpan(content.Length)))
            {
                return size;
            }
        }

        return null;
    }

    private static List<IndexEntry>? Parse(ReadOnlySpan<byte> content, int hashSize)
    {
        var version = BinaryPrimitives.ReadUInt32BigEndian(content[4..]);
        if (!content[..4].SequenceEqual("DIRC"u8) || version is < 2 or > 4)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(content[8..]);
        var entries = new List<IndexEntry>((int)Math.Min(count, 1 << 20));
        var previous = Array.Empty<byte>();
        var at = 12;
        for (var i = 0u; i < count; i++)
        {
            var start = at;
            var mode = BinaryPrimitives.ReadUInt32BigEndian(content[(at + 24)..]);
            at += 40 + hashSize;
            int flags = BinaryPrimitives.ReadUInt16BigEndian(content[at..]);
            at += 2;
            var extended = 0;
            if ((flags & Extended) != 0)
            {
                extended = version >= 3 ? BinaryPrimitives.ReadUInt16BigEndian(content[at..]) : -1;
                at += 2;
            }

            if ((extended & ~(SkipWorktree | IntentToAdd)) != 0)
            {
                return null; // a flag this reader does not know
            }

            byte[] name;
            if (version == 4)
            {
                var strip = ReadVarint(content, ref at);
                var suffix = content[at..].IndexOf((byte)0);
                name = [.. previous.AsSpan(0, checked(previous.Length - strip)), .. content.Slice(at, suffix)];
                at += suffix + 1;
            }
            else
            {
                var length = content[at..].IndexOf((byte)0);
                name = content.Slice(at, length).ToArray();
                at = start + ((at - start + length + 8) & ~7); // NUL-padded to a multiple of eight
            }

            if (name.Length == 0 || (flags & NameMask) != Math.Min(name.Length, NameMask))
            {
                return null;
            }

            entries.Add(new IndexEntry(StrictUtf8.GetString(name), (flags & AssumeValid) != 0, (extended & SkipWorktree) != 0, (mode & 0xF000) == GitlinkMode));
            previous = name;
        }

        return OnlyOptionalExtensions(content[at..]) ? entries : null;
    }

    /// <summary>Whether every extension after the entries is one git lets a reader ignore (its signature starts with a capital).</summary>
    private static bool OnlyOptionalExtensions(ReadOnlySpan<byte> rest)
    {
        while (rest.Length > 0)
        {
            var size = rest.Length >= 8 ? BinaryPrimitives.ReadUInt32BigEndian(rest[4..]) : uint.MaxValue;
            if (rest[0] is < (byte)'A' or > (byte)'Z' || size > (uint)(rest.Length - 8))
            {
                return false;
            }

            rest = rest[(8 + (int)size)..];
        }

        return true;
    }

    /// <summary>git's offset varint (<c>varint.c</c>): seven bits a byte, high bit for more, each continuation adding one.</summary>
    private static int ReadVarint(ReadOnlySpan<byte> content, ref int at)
    {
        var b = content[at++];
        long value = b & 0x7F;
        while ((b & 0x80) != 0)
        {
            b = content[at++];
            value = checked(((value + 1) << 7) | (uint)(b & 0x7F));
            if (value > int.MaxValue)
            {
                throw new FormatException("index path prefix out of range");
            }
        }

        return (int)value;
    }
}
