using System.Security.Cryptography;
using System.Text;
using Orchestrator.Git;

namespace Orchestrator.Agents;

/// <summary>
/// The guard's last <c>git status</c> of each checkout outside the run, kept with a stamp of everything that status
/// reads: every file's size, mode and modification time and every folder's time (a file created, deleted or renamed
/// changes its folder's), the checkout's HEAD, the commit it names, its index and the repository's exclude file and
/// config. When a look finds the same stamp, the checkout cannot have changed and its status is reused without
/// starting git; when anything differs, git tells what. A stamp taken while something in it was changed within the
/// last <see cref="Settle"/> is not kept: a second change in the same clock tick could leave the time as it was (git's
/// own "racily clean" case). A checkout of more than <see cref="MaxEntries"/> entries is always asked.
/// </summary>
public sealed class CheckoutStatuses
{
    public const int MaxEntries = 200_000;

    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, (byte[] Stamp, string Status)> _last = new(StringComparer.Ordinal);

    /// <summary>The checkout's status: the last one if its stamp is unchanged, else <paramref name="status"/>'s.</summary>
    public async Task<string> GetAsync(
        string checkout, string? gitDirectory, string commonDirectory, IReadOnlyDictionary<string, string> refs, string artifacts,
        Func<Task<string>> status)
    {
        var stamp = gitDirectory is null ? null : Stamp(checkout, gitDirectory, commonDirectory, refs, artifacts);
        lock (_last)
        {
            if (stamp is not null && _last.TryGetValue(checkout, out var last) && last.Stamp.AsSpan().SequenceEqual(stamp))
            {
                return last.Status;
            }
        }

        // Stamped before git looks: a change made meanwhile leaves the stamp behind, so the next look asks again.
        var now = await status();
        lock (_last)
        {
            if (stamp is null)
            {
                _last.Remove(checkout);
            }
            else
            {
                _last[checkout] = (stamp, now);
            }
        }

        return now;
    }

    /// <summary>A digest of what the checkout's status depends on; null when it cannot be trusted (settling, too big).</summary>
    private static byte[]? Stamp(string checkout, string gitDirectory, string commonDirectory, IReadOnlyDictionary<string, string> refs, string artifacts)
    {
        var settled = DateTime.UtcNow - Settle;
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = RefFiles.ReadOrEmpty(Path.Combine(gitDirectory, "HEAD")).Trim();
        Add(digest, $"HEAD {head} {(head.StartsWith("ref: ", StringComparison.Ordinal) ? refs.GetValueOrDefault(head[5..].Trim()) : "")}\n");
        foreach (var file in new[] { Path.Combine(gitDirectory, "index"), Path.Combine(commonDirectory, "info", "exclude"), Path.Combine(commonDirectory, "config") })
        {
            var info = new FileInfo(file);
            if (info.Exists && info.LastWriteTimeUtc > settled)
            {
                return null;
            }

            Add(digest, info.Exists ? $"{file} {info.Length} {info.LastWriteTimeUtc.Ticks}\n" : $"{file} none\n");
        }

        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0, IgnoreInaccessible = true };
        var root = new DirectoryInfo(checkout);
        var folders = new Stack<DirectoryInfo>([root]);
        var entries = 0;
        while (folders.TryPop(out var folder))
        {
            if (folder.LastWriteTimeUtc > settled)
            {
                return null;
            }

            Add(digest, $"{folder.FullName}/ {folder.LastWriteTimeUtc.Ticks}\n");
            foreach (var entry in folder.EnumerateFileSystemInfos("*", options))
            {
                if (++entries > MaxEntries)
                {
                    return null;
                }

                if (entry is DirectoryInfo { LinkTarget: null } child)
                {
                    // The checkout's own .git, and the run's artifacts (the run writes there all the time), are not its content.
                    if (!(child.Name == ".git" && ReferenceEquals(folder, root)) && !Guards.ContainedDeletion.IsInside(child.FullName, artifacts))
                    {
                        folders.Push(child);
                    }

                    continue;
                }

                if (entry.LastWriteTimeUtc > settled)
                {
                    return null;
                }

                var size = entry is FileInfo file ? file.Length : 0;
                var mode = OperatingSystem.IsWindows() ? 0 : (int)entry.UnixFileMode;
                Add(digest, $"{entry.Name} {size} {mode} {entry.LastWriteTimeUtc.Ticks} {entry.LinkTarget}\n");
            }
        }

        return digest.GetHashAndReset();
    }

    private static void Add(IncrementalHash digest, string text) => digest.AppendData(Encoding.UTF8.GetBytes(text));
}
