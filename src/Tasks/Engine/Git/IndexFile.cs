using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Git;

/// <summary>
/// An index entry as <c>git ls-files --stage -v</c> lists it: its path, mode (octal, as git prints it), object and
/// stage, and the marks an agent may set. What a recycled worktree's reset needs, and what a task changed is read from.
/// </summary>
internal sealed record IndexEntry(string Path, string Mode, string ObjectId, int Stage, bool AssumeUnchanged, bool SkipWorktree)
{
    /// <summary>A submodule's commit.</summary>
    public bool Gitlink => Mode == "160000";

    /// <summary>Staged by <c>git add --intent-to-add</c>: a path without content yet.</summary>
    public bool IntentToAdd { get; init; }

    /// <summary>What git recorded of the file when it last looked (none when listed by <c>ls-files</c>).</summary>
    public IndexStat Stat { get; init; }

    /// <summary>A line of <c>git ls-files --stage -v -z</c>: <c>&lt;tag&gt; &lt;mode&gt; &lt;object&gt; &lt;stage&gt;\t&lt;path&gt;</c>.</summary>
    public static IndexEntry FromLsFiles(string line)
    {
        var fields = line[..line.IndexOf('\t')].Split(' ');
        return new(line[(line.IndexOf('\t') + 1)..], fields[1], fields[2], int.Parse(fields[3], CultureInfo.InvariantCulture),
            char.IsLower(line[0]), line[0] is 'S' or 's');
    }
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

    /// <summary>
    /// The paths whose mode or object differ between two indexes, or that only one holds, in git's order: what
    /// <c>git diff --cached --name-only --no-renames</c> lists against the tree <paramref name="before"/> was checked out
    /// from. Null when either holds an unmerged entry (git decides then).
    /// </summary>
    public static List<string>? Changes(IReadOnlyList<IndexEntry> before, IReadOnlyList<IndexEntry> after)
    {
        if (before.Any(e => e.Stage != 0) || after.Any(e => e.Stage != 0))
        {
            return null;
        }

        var was = new Dictionary<string, IndexEntry>(before.Count, StringComparer.Ordinal);
        foreach (var entry in before)
        {
            was[entry.Path] = entry;
        }

        var changed = new List<string>();
        foreach (var entry in after)
        {
            if (!was.Remove(entry.Path, out var old) || old.Mode != entry.Mode || old.ObjectId != entry.ObjectId)
            {
                changed.Add(entry.Path);
            }
        }

        changed.AddRange(was.Keys);
        changed.Sort(GitPathOrder);
        return changed;
    }

    /// <summary>git sorts an index by its paths' bytes.</summary>
    private static int GitPathOrder(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

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

            var objectId = Convert.ToHexStringLower(content.Slice(start + 40, hashSize));
            entries.Add(new IndexEntry(StrictUtf8.GetString(name), Convert.ToString(mode, 8).PadLeft(6, '0'), objectId, (flags >> 12) & 3,
                (flags & AssumeValid) != 0, (extended & SkipWorktree) != 0)
            {
                IntentToAdd = (extended & IntentToAdd) != 0,
                Stat = IndexStat.Read(content[start..]),
            });
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
