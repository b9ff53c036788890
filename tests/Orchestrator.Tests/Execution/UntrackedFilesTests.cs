using Orchestrator.Git;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

/// <summary>
/// A recycled worktree is cleaned by git only when it holds something its index does not; the look for it, made in
/// process, finds exactly what <c>git clean -ffdx</c> would remove.
/// </summary>
public sealed class UntrackedFilesTests : IDisposable
{
    private readonly TempRepo _repo = new("untracked");

    [Theory]
    [InlineData("nothing", false)]
    [InlineData("a tracked file deleted or edited", false)]
    [InlineData("a tracked link to a folder", false)]
    [InlineData("an ignored file", true)]
    [InlineData("a file in a new folder", true)]
    [InlineData("an empty folder", true)]
    [InlineData("a nested repository", true)]
    [InlineData("a link of its own", true)]
    public void The_look_for_what_git_clean_would_remove_agrees_with_git(string left, bool found)
    {
        _repo.Write(".gitignore", "*.log\n").Write("src/a.txt", "a\n").Write("src/deep/b.txt", "b\n").Write("c.txt", "c\n");
        File.CreateSymbolicLink(Path.Combine(_repo.RepoPath, "to-src"), "src");
        _repo.Commit("files");
        var root = _repo.RepoPath;
        switch (left)
        {
            case "a tracked file deleted or edited":
                File.Delete(Path.Combine(root, "src/deep/b.txt"));
                File.AppendAllText(Path.Combine(root, "c.txt"), "more\n");
                break;
            case "an ignored file":
                _repo.Write("src/deep/build.log", "log\n");
                break;
            case "a file in a new folder":
                _repo.Write("new/x.txt", "x\n");
                break;
            case "an empty folder":
                Directory.CreateDirectory(Path.Combine(root, "src/empty"));
                break;
            case "a nested repository":
                TempRepo.GitIn(Directory.CreateDirectory(Path.Combine(root, "src/nested")).FullName, "init", "--quiet");
                break;
            case "a link of its own":
                File.CreateSymbolicLink(Path.Combine(root, "src/link"), "deep");
                break;
        }

        var entries = IndexFile.TryRead(Path.Combine(root, ".git", "index"));

        entries.Should().NotBeNull();
        (_repo.Git("clean", "-ffdxn").Trim().Length > 0).Should().Be(found, "git's own answer");
        UntrackedFiles.AnyIn(root, entries!).Should().Be(found);
    }

    public void Dispose() => _repo.Dispose();
}
