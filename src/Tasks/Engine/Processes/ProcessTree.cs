using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orchestrator.Processes;

/// <summary>Stops a process and everything it started: SIGTERM to the tree, a grace period, then SIGKILL.</summary>
internal static class ProcessTree
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    internal const int SigTerm = 15;
    internal const int SigKill = 9;

    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            // Collected up front: a descendant that ignores SIGTERM is re-parented once its parent dies and
            // Process.Kill(entireProcessTree) can no longer reach it.
            var tree = Descendants(process.Id).Prepend(process.Id).ToList();
            Signal(tree, SigTerm);
            using var graceTimer = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(graceTimer.Token);
            }
            catch (OperationCanceledException)
            {
                // Grace period over.
            }

            Signal(tree.Concat(Descendants(process.Id)), SigKill);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Kills (SIGKILL, with their descendants) the processes whose working directory is inside <paramref name="directory"/>:
    /// agents orphaned when an earlier orchestrator was killed. Returns how many were found.
    /// </summary>
    public static int KillProcessesWorkingIn(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return 0;
        }

        var folder = Path.GetFullPath(directory).TrimEnd('/');
        var found = ProcessTable.OtherProcesses().Where(pid => ProcessTable.WorksIn(pid, folder)).ToList();
        Signal(found.SelectMany(pid => Descendants(pid).Prepend(pid)).Distinct().ToList(), SigKill);
        return found.Count;
    }

    internal static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            _ = kill(pid, signal);
        }
    }

    /// <summary>All descendants of a process, read from /proc (children first found breadth-first).</summary>
    public static IReadOnlyList<int> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            var parent = ParentOf(pid);
            if (parent > 0)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([rootPid]);
        while (queue.Count > 0)
        {
            foreach (var child in children.GetValueOrDefault(queue.Dequeue()) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(afterName[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return -1;
        }
    }

    private static IEnumerable<string> SafeEnumerate(string path) =>
        Directory.Exists(path) ? Directory.EnumerateDirectories(path) : [];
}
