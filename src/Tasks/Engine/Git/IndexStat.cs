using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Orchestrator.Git;

/// <summary>
/// The stat data an index entry keeps of its file (each field cut to 32 bits, as git stores it), and the same read from
/// the file now: git takes a file whose data match for unchanged without reading it.
/// </summary>
internal readonly record struct IndexStat(uint CtimeSeconds, uint CtimeNanoseconds, uint MtimeSeconds, uint MtimeNanoseconds, uint Inode, uint Mode, uint Size)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint BasicStats = 0x7FF;

    /// <summary>The ten 32-bit fields that open an index entry: ctime, mtime, dev, ino, mode, uid, gid, size.</summary>
    public static IndexStat Read(ReadOnlySpan<byte> entry)
    {
        return new(Field(entry, 0), Field(entry, 1), Field(entry, 2), Field(entry, 3), Field(entry, 5), Field(entry, 6), Field(entry, 9));

        static uint Field(ReadOnlySpan<byte> entry, int index) => BinaryPrimitives.ReadUInt32BigEndian(entry[(index * 4)..]);
    }

    /// <summary>
    /// The file at <paramref name="path"/> as git would record it (its mode as git's: 100644, 100755 or 120000), not
    /// following a link; null when it is missing, not a file or a link, or the system cannot tell (no <c>statx</c>).
    /// </summary>
    public static unsafe IndexStat? Of(string path)
    {
        var buffer = stackalloc byte[256];
        try
        {
            if (statx(AtFdCwd, path, AtSymlinkNoFollow, BasicStats, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        var raw = new ReadOnlySpan<byte>(buffer, 256);
        var type = BinaryPrimitives.ReadUInt16LittleEndian(raw[28..]) & 0xF000;
        var mode = type switch
        {
            0x8000 => (BinaryPrimitives.ReadUInt16LittleEndian(raw[28..]) & 0x40) != 0 ? 0x81EDu : 0x81A4u, // 0100755, 0100644
            0xA000 => 0xA000u, // 0120000
            _ => 0u,
        };
        return mode == 0 ? null : new IndexStat(
            (uint)BinaryPrimitives.ReadInt64LittleEndian(raw[96..]), BinaryPrimitives.ReadUInt32LittleEndian(raw[104..]),
            (uint)BinaryPrimitives.ReadInt64LittleEndian(raw[112..]), BinaryPrimitives.ReadUInt32LittleEndian(raw[120..]),
            (uint)BinaryPrimitives.ReadUInt64LittleEndian(raw[32..]), mode, (uint)BinaryPrimitives.ReadUInt64LittleEndian(raw[40..]));
    }

    // struct statx (linux/stat.h), the same on every architecture: mode at 28, ino at 32, size at 40, ctime at 96, mtime at 112.
    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int statx(int dirfd, string pathname, int flags, uint mask, byte* buffer);
}
