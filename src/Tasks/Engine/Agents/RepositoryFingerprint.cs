using System.Globalization;
using Orchestrator.Git;

namespace Orchestrator.Agents;

/// <summary>
/// What an agent can reach outside its own worktree, taken cheaply: every ref (one <c>for-each-ref</c>) but the ones
/// the run itself is moving, the main checkout's HEAD, index and status (git asked only when the checkout's
/// <see cref="CheckoutStatuses"/> stamp changed), the shared <c>.git/config</c> and
/// <c>.git/hooks</c>, the status of the user's other worktrees, and the folders of the run's worktrees whose tasks are
/// not running. Two fingerprints compare on what both saw.
/// </summary>
public sealed record RepositoryFingerprint
{
    public required IReadOnlyDictionary<string, string> Refs { get; init; }

    public required string Head { get; init; }

    public required string Index { get; init; }

    public required byte[] Config { get; init; }

    public required IReadOnlyDictionary<string, byte[]> Hooks { get; init; }

    /// <summary>Per checkout outside the run (the main one first): its status, paths under the artifacts left out.</summary>
    public required IReadOnlyDictionary<string, string> Checkouts { get; init; }

    /// <summary>Per idle worktree of the run: its folders' modification times and its <c>.git</c> file.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> RunWorktrees { get; init; }

    /// <summary>
    /// What changed from <paramref name="before"/> to this one, as short lines naming the places; empty if nothing.
    /// Refs and run worktrees in <paramref name="ignored"/> (the run's own, moved by it meanwhile) are not compared.
    /// </summary>
    public IReadOnlyList<string> ChangesSince(RepositoryFingerprint before, IReadOnlySet<string> ignored)
    {
        var changes = new List<string>();
        foreach (var name in before.Refs.Keys.Union(Refs.Keys).Where(r => !ignored.Contains(r)).Order(StringComparer.Ordinal))
        {
            var (was, now) = (before.Refs.GetValueOrDefault(name), Refs.GetValueOrDefault(name));
            if (was != now)
            {
                changes.Add(was is null ? $"ref {name} created" : now is null ? $"ref {name} deleted" : $"ref {name} moved");
            }
        }

        Add(changes, before.Head != Head, $"the main checkout's HEAD ({before.Head} -> {Head})");
        Add(changes, before.Index != Index, "the main checkout's index");
        Add(changes, !before.Config.AsSpan().SequenceEqual(Config), ".git/config");
        foreach (var hook in before.Hooks.Keys.Union(Hooks.Keys).Where(h => !SameBytes(before.Hooks.GetValueOrDefault(h), Hooks.GetValueOrDefault(h))))
        {
            changes.Add($".git/hooks/{hook}");
        }

        foreach (var (checkout, status) in Checkouts.Where(c => before.Checkouts.TryGetValue(c.Key, out var was) && was != c.Value))
        {
            changes.Add($"{checkout} ({Difference(before.Checkouts[checkout].Split('\n'), status.Split('\n'), line => line.Length > 3 ? line[3..] : line)})");
        }

        foreach (var (worktree, files) in RunWorktrees.Where(w => before.RunWorktrees.ContainsKey(w.Key) && !ignored.Contains(w.Key)))
        {
            var was = before.RunWorktrees[worktree];
            var touched = was.Keys.Union(files.Keys).Where(f => was.GetValueOrDefault(f) != files.GetValueOrDefault(f)).ToList();
            if (touched.Count > 0)
            {
                changes.Add($"{worktree} (files added, removed or renamed in {Shorten(touched)})");
            }
        }

        return changes;
    }

    public static async Task<RepositoryFingerprint> TakeAsync(
        Worktrees worktrees, IReadOnlyCollection<string> runWorktrees, string artifacts, CheckoutStatuses statuses, CancellationToken cancellation)
    {
        var repository = worktrees.Repository;
        var commonDirectory = await repository.CommonDirectoryAsync(cancellation);
        var refs = RefFiles.ReadAll(commonDirectory)
            ?? (await repository.LinesAsync(["for-each-ref", "--format=%(refname) %(objectname)"], cancellation))
                .Select(line => line.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var checkouts = new Dictionary<string, string>();
        foreach (var checkout in ListCheckouts(repository, commonDirectory).Where(c => !RunsIn(c, artifacts)))
        {
            var git = checkout == repository.WorkingDirectory ? GitCli.Pinned(commonDirectory, checkout) : await VerifiedOrNullAsync(worktrees, checkout, cancellation);
            checkouts[checkout] = git is null ? "its .git is missing or not this repository's"
                : await statuses.GetAsync(checkout, git.GitDirectory, commonDirectory, refs, artifacts, () => StatusAsync(git, checkout, artifacts, cancellation));
        }

        var index = new FileInfo(Path.Combine(commonDirectory, "index"));
        return new RepositoryFingerprint
        {
            Refs = refs,
            Head = RefFiles.ReadOrEmpty(Path.Combine(commonDirectory, "HEAD")).Trim(),
            Index = index.Exists ? $"{index.Length}:{index.LastWriteTimeUtc.Ticks}" : "none",
            Config = File.Exists(Path.Combine(commonDirectory, "config")) ? await File.ReadAllBytesAsync(Path.Combine(commonDirectory, "config"), cancellation) : [],
            Hooks = ReadHooks(Path.Combine(commonDirectory, "hooks")),
            Checkouts = checkouts,
            RunWorktrees = runWorktrees.Where(Directory.Exists).ToDictionary(w => w, Listing),
        };
    }

    private static async Task<string> StatusAsync(GitCli git, string checkout, string artifacts, CancellationToken cancellation)
    {
        var status = await git.TryRunAsync(["--no-optional-locks", "status", "--porcelain=v1", "--untracked-files=all"], cancellation);
        return status.ExitCode != 0 ? $"git status failed ({status.ExitCode})"
            : string.Join('\n', status.StandardOutput.Split('\n')
                .Where(line => line.Length > 3 && !RunsIn(Path.Combine(checkout, line[3..].Trim('"')), artifacts)));
    }

    /// <summary>
    /// Every folder of a worktree but its <c>.git</c>, with its modification time, and the <c>.git</c> file itself: a
    /// file created, deleted or renamed anywhere in it changes a folder's time. Folders only, so that watching every
    /// idle worktree costs a few stats each, not one per file (a file rewritten in place is not seen).
    /// </summary>
    private static IReadOnlyDictionary<string, string> Listing(string worktree)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        var folders = new Dictionary<string, string>(StringComparer.Ordinal) { ["."] = Directory.GetLastWriteTimeUtc(worktree).Ticks.ToString(CultureInfo.InvariantCulture) };
        foreach (var folder in new DirectoryInfo(worktree).EnumerateDirectories("*", options))
        {
            var relative = Path.GetRelativePath(worktree, folder.FullName);
            if (relative != ".git" && !relative.StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                folders[relative + "/"] = $"{folder.LastWriteTimeUtc.Ticks}:{folder.LinkTarget}";
            }
        }

        folders[".git"] = File.Exists(Path.Combine(worktree, ".git")) ? RefFiles.ReadOrEmpty(Path.Combine(worktree, ".git")) : "missing";
        return folders;
    }

    /// <summary>
    /// The main checkout and the linked worktrees, read from the worktrees' metadata as <c>git worktree list</c> does,
    /// without starting a git process on every look.
    /// </summary>
    private static IReadOnlyList<string> ListCheckouts(GitCli repository, string commonDirectory)
    {
        var main = Path.GetFileName(commonDirectory) == ".git" ? Path.GetDirectoryName(commonDirectory)! : repository.WorkingDirectory;
        var metadata = Path.Combine(commonDirectory, "worktrees");
        var linked = Directory.Exists(metadata)
            ? FoldersOrNone(metadata).Select(entry => Path.Combine(entry, "gitdir"))
                .Select(gitdir => (Gitdir: gitdir, Names: RefFiles.ReadOrEmpty(gitdir).Trim())).Where(g => g.Names.Length > 0)
                .Select(g => Path.GetDirectoryName(Path.GetFullPath(g.Names, Path.GetDirectoryName(g.Gitdir)!)))
            : [];
        return new[] { main }.Concat(linked).OfType<string>().Where(Directory.Exists).Distinct().ToList();
    }

    private static Dictionary<string, byte[]> ReadHooks(string folder) => Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length <= 1 << 20 ? File.ReadAllBytes(f) : [])
        : [];

    private static async Task<GitCli?> VerifiedOrNullAsync(Worktrees worktrees, string checkout, CancellationToken cancellation)
    {
        try
        {
            return await worktrees.VerifiedAsync(checkout, cancellation);
        }
        catch (WorktreeTamperedException)
        {
            return null;
        }
    }

    private static bool RunsIn(string path, string folder) => Guards.ContainedDeletion.IsInside(path, folder);

    private static string[] FoldersOrNone(string folder)
    {
        try
        {
            return Directory.GetDirectories(folder);
        }
        catch (DirectoryNotFoundException)
        {
            return []; // git removes .git/worktrees with its last worktree
        }
    }

    private static bool SameBytes(byte[]? a, byte[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);

    private static void Add(List<string> changes, bool changed, string what)
    {
        if (changed)
        {
            changes.Add(what);
        }
    }

    private static string Difference(string[] before, string[] after, Func<string, string> name) =>
        Shorten(after.Except(before).Concat(before.Except(after)).Where(l => l.Length > 0).Select(name).Distinct().ToList());

    private static string Shorten(IReadOnlyList<string> files) =>
        files.Count == 0 ? "status changed" : string.Join(", ", files.Take(5)) + (files.Count > 5 ? ", …" : "");
}
