using System.Runtime.InteropServices;

namespace Orchestrator.Processes;

/// <summary>
/// Stops every process that belongs to a task once its agent is done, on success too: each process that carries the
/// task's marker in its environment (<c>ORCH_WORKTREE=&lt;its worktree&gt;</c>, inherited by whatever the agent starts) or
/// works inside the task's worktree, with its descendants. SIGTERM, a grace period, then SIGKILL; the ones re-parented
/// to us (see <see cref="Subreaper"/>) are reaped.
/// </summary>
public static class TaskProcesses
{
    private const int NoHang = 1;

    [DllImport("libc", SetLastError = true)]
    private static extern int waitpid(int pid, out int status, int options);

    /// <summary>Stops the task's leftover processes; returns how many there were.</summary>
    public static async Task<int> StopAsync(string worktree, TimeSpan grace)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        var found = Find(worktree);
        if (found.Count == 0)
        {
            return 0;
        }

        ProcessTree.Signal(found, ProcessTree.SigTerm);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline && found.Any(IsAlive))
        {
            Reap(found);
            await Task.Delay(20);
        }

        ProcessTree.Signal(found.Concat(Find(worktree)).Distinct(), ProcessTree.SigKill);
        for (var i = 0; i < 50 && found.Any(IsAlive); i++)
        {
            Reap(found);
            await Task.Delay(10);
        }

        Reap(found);
        return found.Count;
    }

    /// <summary>The environment variable every process of a task inherits, naming its worktree: how the sweep finds them.</summary>
    public const string MarkerName = "ORCH_WORKTREE";

    /// <summary>The marker's value for <paramref name="worktree"/>, as the sweep looks for it.</summary>
    public static string MarkerValue(string worktree) => Path.GetFullPath(worktree).TrimEnd('/');

    /// <summary>The task's processes (never this one) and their descendants.</summary>
    public static IReadOnlyList<int> Find(string worktree)
    {
        var folder = MarkerValue(worktree);
        var marker = ProcessTable.Variable(MarkerName, folder);
        var buffer = new byte[16 * 1024];
        var marked = new List<int>();
        foreach (var pid in ProcessTable.OtherProcesses())
        {
            if (ProcessTable.WorksIn(pid, folder) || ProcessTable.StartedWith(pid, marker, ref buffer))
            {
                marked.Add(pid);
            }
        }

        var self = Environment.ProcessId;
        return marked.SelectMany(pid => ProcessTree.Descendants(pid).Prepend(pid)).Where(p => p != self).Distinct().ToList();
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    // Only the pids found here: waiting on any child would take exit statuses .NET is waiting for.
    private static void Reap(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            _ = waitpid(pid, out _, NoHang);
        }
    }
}
