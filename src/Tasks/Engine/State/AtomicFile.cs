using System.Text;

namespace Orchestrator.State;

/// <summary>Writes a file so that readers see the old content or the new one, never half of it.</summary>
public static class AtomicFile
{
    /// <param name="durable">Flush to disk before the rename; a file derived from a durable one (the journal) can skip it.</param>
    public static void WriteAllText(string path, string content, bool durable = true) =>
        Write(path, writer => writer.Write(content), durable);

    /// <summary>Streams the content into the temp file, so a large state is never one string in memory.</summary>
    public static void Write(string path, Action<TextWriter> write, bool durable = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true))
                {
                    write(writer);
                }

                stream.Flush(flushToDisk: durable);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
