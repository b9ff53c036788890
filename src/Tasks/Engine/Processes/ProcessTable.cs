using System.Globalization;
using System.Text;

namespace Orchestrator.Processes;

/// <summary>The machine's processes as <c>/proc</c> shows them (Linux): what the sweeps after an agent and after a killed run look for.</summary>
internal static class ProcessTable
{
    /// <summary>Every process but this one.</summary>
    public static IEnumerable<int> OtherProcesses()
    {
        var self = Environment.ProcessId;
        foreach (var folder in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != self)
            {
                yield return pid;
            }
        }
    }

    /// <summary>Whether the process works in <paramref name="folder"/> (a full path without a trailing slash) or below it.</summary>
    public static bool WorksIn(int pid, string folder)
    {
        try
        {
            var cwd = new FileInfo($"/proc/{pid}/cwd").LinkTarget;
            return cwd is not null && (cwd == folder || cwd.StartsWith(folder + "/", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // not ours to look at, or already gone
        }
    }

    /// <summary>Whether the process started with <paramref name="variable"/> (<c>NAME=value</c>) in its environment.</summary>
    public static bool StartedWith(int pid, byte[] variable, ref byte[] buffer)
    {
        try
        {
            using var handle = File.OpenHandle($"/proc/{pid}/environ");
            var length = 0;
            for (int read; (read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0;)
            {
                length += read;
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            for (var rest = buffer.AsSpan(0, length); rest.Length > 0;)
            {
                var end = rest.IndexOf((byte)0);
                if ((end < 0 ? rest : rest[..end]).SequenceEqual(variable))
                {
                    return true;
                }

                rest = end < 0 ? [] : rest[(end + 1)..];
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The bytes of an environment variable as a process's environment holds them.</summary>
    public static byte[] Variable(string name, string value) => Encoding.UTF8.GetBytes(name + "=" + value);
}
