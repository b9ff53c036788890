using Orchestrator.Git;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Runs;

/// <summary>Phases 0 and 1 read the base commit's tree from one listing, made once per run.</summary>
public sealed class TreeListingTests : IDisposable
{
    private readonly TempRepo _repo = new("listing");

    [Fact]
    public void The_base_tree_is_listed_once_with_each_path_s_kind_id_and_size()
    {
        _repo.Write("src/app.py", "print('hi')\n").Write("docs/größe notes.md", "# notes\n");
        var first = _repo.Commit("files");
        _repo.Git("update-index", "--add", "--cacheinfo", $"160000,{first},vendor/lib");
        _repo.Git("commit", "--quiet", "-m", "a submodule");
        var commit = _repo.Git("rev-parse", "HEAD");
        var expected = new[]
        {
            new TreeListing.Entry("docs/größe notes.md", "blob", _repo.Git("hash-object", "docs/größe notes.md"), 8),
            new TreeListing.Entry("src/app.py", "blob", _repo.Git("hash-object", "src/app.py"), 12),
            new TreeListing.Entry("vendor/lib", "commit", first, -1),
        };
        var listing = new TreeListing(new GitCli(_repo.RepoPath), commit);

        var entries = listing.Entries(CancellationToken.None);
        Directory.Delete(Path.Combine(_repo.RepoPath, ".git"), recursive: true);

        entries.Should().BeEquivalentTo(expected);
        listing.Entries(CancellationToken.None).Should().BeSameAs(entries, "the second phase to ask gets the same listing, with no git call");
    }

    public void Dispose() => _repo.Dispose();
}
