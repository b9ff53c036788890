using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Orchestrator.Plans;

/// <summary>
/// Reads a plan file as bytes, defensively: a regular file only (a FIFO, socket or device is refused without waiting
/// for a writer), at most <see cref="MaxBytes"/>, within <see cref="ReadTimeout"/>. Every problem is one
/// <see cref="InputException"/> naming the file.
/// </summary>
public static class PlanFile
{
    public const int MaxBytes = 16 * 1024 * 1024;

    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    // O_RDONLY | O_NONBLOCK | O_CLOEXEC (Linux): opening a FIFO must not wait for a writer.
    private const int OpenFlags = 0x800 | 0x80000;

    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    public static byte[] ReadAllBytes(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true })
        {
            throw new InputException($"plan file not found: {path} (a link to {target}, which does not exist)");
        }

        if (!File.Exists(path))
        {
            throw new InputException(Directory.Exists(path) ? $"--plan: {path} is a folder, not a plan file" : $"plan file not found: {path}");
        }

        var full = Path.GetFullPath(path);
        if (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal))
        {
            throw new InputException($"--plan: {path} is a device or system file, not a plan file");
        }

        var reading = Task.Run(() => Read(path));
        try
        {
            return reading.Wait(ReadTimeout) ? reading.Result
                : throw new InputException($"--plan: reading {path} took longer than {ReadTimeout.TotalSeconds:0}s");
        }
        catch (AggregateException ex) when (ex.InnerException is InputException input)
        {
            throw input;
        }
        catch (AggregateException ex) when (ex.InnerException is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--plan: cannot read {path}: {ex.InnerException.Message}");
        }
    }

    private static byte[] Read(string path)
    {
        using var stream = OpenRegular(path);
        if (!stream.CanSeek)
        {
            throw new InputException($"--plan: {path} is not a regular file (a pipe, socket or device)");
        }

        if (stream.Length > MaxBytes)
        {
            throw new InputException($"--plan: {path} is larger than {MaxBytes / 1024 / 1024} MiB");
        }

        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new InputException($"--plan: {path} is larger than {MaxBytes / 1024 / 1024} MiB");
            }
        }

        return buffer.ToArray();
    }

    private static FileStream OpenRegular(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        var descriptor = Open(path, OpenFlags);
        return descriptor < 0
            ? throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()))
            : new FileStream(new SafeFileHandle(descriptor, ownsHandle: true), FileAccess.Read);
    }
}
