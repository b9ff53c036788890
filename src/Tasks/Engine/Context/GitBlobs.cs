using System.Buffers;
using System.Diagnostics;
using System.Text;
using Orchestrator.Git;
using Orchestrator.Processes;

namespace Orchestrator.Context;

/// <summary>Reads many blobs through one <c>git cat-file --batch</c> process instead of one git call per file.</summary>
public static class GitBlobs
{
    public static Dictionary<string, byte[]> Read(string repository, IEnumerable<string> blobs, CancellationToken cancellation)
    {
        var wanted = blobs.Distinct(StringComparer.Ordinal).ToList();
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        ReadEach(repository, wanted, (i, content, length) =>
        {
            contents[wanted[i]] = content.AsSpan(0, length).ToArray();
            ArrayPool<byte>.Shared.Return(content);
        }, cancellation);
        return contents;
    }

    /// <summary>
    /// Hands each blob to <paramref name="received"/> as soon as it is read: its position in the list, and its content
    /// in the first bytes of an array rented from <see cref="ArrayPool{T}.Shared"/>, which the receiver returns once
    /// done with it (a cold index build reads every blob of the tree: pooled, they cost no fresh memory each).
    /// Missing blobs are skipped. Blocks the calling thread while it reads, as plain reads of the pipe: the object ids
    /// are written, and the errors read, by a thread of its own.
    /// </summary>
    public static void ReadEach(string repository, IReadOnlyList<string> blobs, Action<int, byte[], int> received, CancellationToken cancellation)
    {
        if (blobs.Count == 0)
        {
            return;
        }

        // Started like every other git call (neutral config, quiet environment), but kept open to stream the blobs.
        var info = ChildProcess.StartInfoFor(new GitCli(repository).SpecFor(["cat-file", "--batch"]));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start git cat-file");
        using var stopOnCancel = cancellation.Register(() => ChildProcess.Kill(process));
        var errors = "";
        var feeder = new Thread(() => errors = Feed(process, blobs)) { IsBackground = true, Name = "git cat-file input" };
        feeder.Start();
        using var output = new BufferedStream(ChildProcess.Plain(process.StandardOutput.BaseStream, FileAccess.Read), 1 << 16);
        try
        {
            for (var i = 0; i < blobs.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                var header = ReadLine(output).Split(' ');
                if (header.Length < 3 || header[1] == "missing")
                {
                    continue;
                }

                var length = int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture);
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                output.ReadExactly(buffer.AsSpan(0, length));
                output.ReadByte();
                received(i, buffer, length);
            }
        }
        catch
        {
            ChildProcess.Kill(process);
            throw;
        }
        finally
        {
            feeder.Join();
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git cat-file --batch failed: {errors.Trim()}");
        }
    }

    /// <summary>Writes the object ids, closes the input, then reads what git said on standard error.</summary>
    private static string Feed(Process process, IReadOnlyList<string> blobs)
    {
        try
        {
            // All the ids are asked for at once, so they go in full buffers, not a write per id.
            using (var input = new StreamWriter(ChildProcess.Plain(process.StandardInput.BaseStream, FileAccess.Write), new UTF8Encoding(false), 1 << 16))
            {
                foreach (var blob in blobs)
                {
                    input.Write(blob);
                    input.Write('\n');
                }
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // git stopped reading (it was stopped, or failed): its error, if any, says why.
        }

        using var errors = new StreamReader(ChildProcess.Plain(process.StandardError.BaseStream, FileAccess.Read), process.StandardError.CurrentEncoding);
        return errors.ReadToEnd();
    }

    /// <summary>A blob as text, or null when it looks binary (a NUL byte early on).</summary>
    public static string? AsText(byte[] content) => LooksBinary(content) ? null : Encoding.UTF8.GetString(content);

    public static bool LooksBinary(ReadOnlySpan<byte> content) => content[..Math.Min(content.Length, 8000)].Contains((byte)0);

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>(64);
        int next;
        while ((next = stream.ReadByte()) is not -1 and not '\n')
        {
            bytes.Add((byte)next);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
