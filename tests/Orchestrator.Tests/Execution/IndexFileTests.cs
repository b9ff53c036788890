using System.Buffers.Binary;
using System.Security.Cryptography;
using Orchestrator.Git;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

/// <summary>
/// A recycled worktree's index is read in process (not by <c>git ls-files</c>) only when every byte of it is
/// understood; what git wrote with each mark an agent may set reads exactly as git lists it, anything else is left to git.
/// </summary>
public sealed class IndexFileTests : IDisposable
{
    private readonly TempRepo _repo = new("index");

    [Theory]
    [InlineData("sha1", "2", false)] // git writes version 3 as soon as an entry has a skip-worktree or intent-to-add mark
    [InlineData("sha1", "3", true)]
    [InlineData("sha1", "4", true)]
    [InlineData("sha256", "4", true)]
    public void The_index_read_in_process_holds_every_mark_git_wrote_as_git_lists_it(string objectFormat, string version, bool extendedMarks)
    {
        var repo = Path.Combine(_repo.Root, objectFormat);
        Directory.CreateDirectory(repo);
        Git(repo, "init", "--quiet", "--object-format=" + objectFormat);
        foreach (var file in new[] { "a.txt", "src/hidden.txt", "src/unchanged.txt", "src/ünïcode.txt", "src/zz/deep.txt" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repo, file))!);
            File.WriteAllText(Path.Combine(repo, file), file + "\n");
        }

        Git(repo, "add", "--all");
        Git(repo, "update-index", "--assume-unchanged", "src/unchanged.txt", "a.txt");
        if (extendedMarks)
        {
            Git(repo, "update-index", "--skip-worktree", "src/hidden.txt", "a.txt");
            File.WriteAllText(Path.Combine(repo, "later.txt"), "later\n");
            Git(repo, "add", "--intent-to-add", "later.txt");
        }

        var blob = Git(repo, "hash-object", "-w", "a.txt");
        Git(repo, "update-index", "--add", "--cacheinfo", $"160000,{blob},lib"); // a submodule's commit need not be here
        // A path longer than the 12 bits an entry's flags hold for its length.
        Git(repo, "update-index", "--add", "--cacheinfo", $"100644,{blob},{string.Join('/', Enumerable.Repeat(new string('d', 200), 21))}");
        Git(repo, "update-index", "--index-version", version);

        var read = IndexFile.TryRead(Path.Combine(repo, ".git", "index"));

        BinaryPrimitives.ReadUInt32BigEndian(File.ReadAllBytes(Path.Combine(repo, ".git", "index")).AsSpan(4)).Should().Be(uint.Parse(version));
        read.Should().NotBeNull();
        read!.Select(e => e with { Stat = default, IntentToAdd = false }).Should().Equal(ListedByGit(repo));
        read!.Where(e => e.IntentToAdd).Select(e => e.Path).Should().BeEquivalentTo(extendedMarks ? ["later.txt"] : []);
        read!.Where(e => e.SkipWorktree).Select(e => e.Path).Should().BeEquivalentTo(extendedMarks ? ["a.txt", "src/hidden.txt"] : []);
        read!.Where(e => e.AssumeUnchanged).Select(e => e.Path).Should().BeEquivalentTo(["a.txt", "src/unchanged.txt"]);
        read!.Where(e => e.Gitlink).Select(e => e.Path).Should().Equal("lib");
        read!.Should().Contain(e => e.Path.Length > 0xFFF).And.Contain(e => e.Path == "src/ünïcode.txt");
    }

    [Fact]
    public void The_stat_data_the_index_keeps_of_a_file_read_in_process_are_the_files_own()
    {
        _repo.Write("plain.txt", "plain\n").Write("tool.sh", "true\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_repo.RepoPath, "tool.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.CreateSymbolicLink(Path.Combine(_repo.RepoPath, "link"), "plain.txt");
        foreach (var file in new[] { "plain.txt", "tool.sh" })
        {
            // Written well before the index, so git records them as they are rather than smudged as racily clean.
            File.SetLastWriteTimeUtc(Path.Combine(_repo.RepoPath, file), DateTime.UtcNow.AddMinutes(-5));
        }

        _repo.Git("add", "--all");

        var read = IndexFile.TryRead(IndexPath)!.ToDictionary(e => e.Path);

        foreach (var (file, mode) in new[] { ("plain.txt", "100644"), ("tool.sh", "100755"), ("link", "120000") })
        {
            read[file].Mode.Should().Be(mode);
            read[file].Stat.Mode.Should().Be(Convert.ToUInt32(mode, 8));
            IndexStat.Of(Path.Combine(_repo.RepoPath, file)).Should().Be(read[file].Stat, file);
        }

        File.AppendAllText(Path.Combine(_repo.RepoPath, "plain.txt"), "more\n");
        IndexStat.Of(Path.Combine(_repo.RepoPath, "plain.txt")).Should().NotBe(read["plain.txt"].Stat);
        IndexStat.Of(Path.Combine(_repo.RepoPath, "missing.txt")).Should().BeNull();
    }

    [Fact]
    public void A_split_index_is_left_to_git()
    {
        _repo.Write("a.txt", "a\n").Write("b.txt", "b\n").Commit("two files");
        _repo.Git("update-index", "--assume-unchanged", "a.txt");
        _repo.Git("update-index", "--split-index");

        IndexFile.TryRead(IndexPath).Should().BeNull();
        _repo.Git("ls-files", "-v").Should().Contain("h a.txt", "git itself still reads the mark");
    }

    [Theory]
    [InlineData("cut short")]
    [InlineData("a byte changed")]
    [InlineData("no trailing hash")] // as git writes it with index.skipHash
    [InlineData("version 5, hashed")]
    [InlineData("an unknown required extension, hashed")]
    [InlineData("missing")]
    public void A_short_corrupt_unknown_or_missing_index_is_left_to_git(string damage)
    {
        _repo.Write("a.txt", "a\n").Write("b.txt", "b\n").Commit("two files");
        IndexFile.TryRead(IndexPath).Should().NotBeNull("the undamaged index is read");
        var bytes = File.ReadAllBytes(IndexPath);
        var content = bytes[..^20];
        switch (damage)
        {
            case "cut short":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "a byte changed":
                bytes[40] ^= 1;
                break;
            case "no trailing hash":
                bytes = [.. content, .. new byte[20]];
                break;
            case "version 5, hashed":
                BinaryPrimitives.WriteUInt32BigEndian(content.AsSpan(4), 5);
                bytes = [.. content, .. SHA1.HashData(content)];
                break;
            case "an unknown required extension, hashed":
                content = [.. content, .. "abcd"u8, 0, 0, 0, 0];
                bytes = [.. content, .. SHA1.HashData(content)];
                break;
            default:
                File.Delete(IndexPath);
                IndexFile.TryRead(IndexPath).Should().BeNull();
                return;
        }

        File.WriteAllBytes(IndexPath, bytes);
        IndexFile.TryRead(IndexPath).Should().BeNull();
    }

    private string IndexPath => Path.Combine(_repo.RepoPath, ".git", "index");

    private static List<IndexEntry> ListedByGit(string repo) =>
        Git(repo, "ls-files", "--stage", "-v", "-z").Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(IndexEntry.FromLsFiles).ToList();

    private static string Git(string repo, params string[] args) => TempRepo.GitIn(repo, ["-c", "core.quotePath=false", .. args]);

    public void Dispose() => _repo.Dispose();
}
