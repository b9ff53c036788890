using Orchestrator.Context;

namespace Orchestrator.Tests.Context;

/// <summary>The saved index is read in place by later runs on the same tree, and only when it is whole and of that tree.</summary>
public sealed class IndexFileTests : IDisposable
{
    private readonly SmallCodebase _shop = new();

    [Fact]
    public async Task A_new_plan_on_the_same_tree_reads_the_saved_index_and_finds_what_a_fresh_build_finds()
    {
        var (built, _) = await _shop.IndexAsync();
        var asked = new[] { "check a password before locking the account", "add a line to the basket", "vat rate for a country" };
        var fresh = asked.Select(q => Ranked(built, q)).ToList();
        built.Dispose();

        var (saved, hit) = await _shop.IndexAsync();

        hit.Should().BeTrue();
        asked.Select(q => Ranked(saved, q)).Should().BeEquivalentTo(fresh, o => o.WithStrictOrdering());
        Ranked(saved, "check a password before locking the account").First().Should().StartWith("src/accounts/login.py ");
        saved.TermsOf(saved.Find("web/basket.ts")!).Should().Contain(["basketline", "basket", "line", "add", "quantity"]);
        saved.Declarations("addToBasket").Select(d => d.File.Path).Should().Equal("web/basket.ts");
        saved.Dispose();
    }

    [Fact]
    public async Task A_truncated_index_file_is_rebuilt_not_trusted()
    {
        var file = await SavedIndexFile();
        var whole = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Open))
        {
            stream.SetLength(whole / 2);
        }

        var (index, hit) = await _shop.IndexAsync();

        hit.Should().BeFalse();
        index.Search("vat rate for a country", 1).Single().File.Path.Should().Be("src/billing/tax.py");
        new FileInfo(file).Length.Should().Be(whole);
        index.Dispose();
    }

    [Fact]
    public async Task A_damaged_index_file_is_rebuilt_not_trusted()
    {
        var file = await SavedIndexFile();
        var bytes = await File.ReadAllBytesAsync(file);
        for (var i = bytes.Length / 3; i < (bytes.Length / 3) + 16; i++)
        {
            bytes[i] ^= 0x5A;
        }

        await File.WriteAllBytesAsync(file, bytes);

        var (index, hit) = await _shop.IndexAsync();

        hit.Should().BeFalse();
        index.Find("src/catalogue/ProductSearch.cs")!.Symbols.Select(s => s.Name).Should().Contain("FindByName");
        index.Dispose();
    }

    [Fact]
    public async Task An_index_file_saved_for_another_tree_is_not_used()
    {
        var file = await SavedIndexFile();
        _shop.Repo.Write("src/billing/refunds.py", "def refund_invoice(invoice):\n    return -invoice.total\n");
        _shop.Repo.Commit("refunds");
        var tree = _shop.Repo.Git("rev-parse", "HEAD^{tree}");
        File.Copy(file, IndexCache.FileFor(_shop.CacheDirectory, tree));

        var (index, hit) = await _shop.IndexAsync();

        hit.Should().BeFalse();
        index.Search("refund an invoice", 1).Single().File.Path.Should().Be("src/billing/refunds.py");
        index.Dispose();
    }

    public void Dispose() => _shop.Dispose();

    private static List<string> Ranked(RepositoryIndex index, string query) =>
        index.Search(query, 5).Select(h => $"{h.File.Path} {h.Score} {h.BestChunk.StartLine}-{h.BestChunk.EndLine} {string.Join(',', h.MatchedTerms)}").ToList();

    private async Task<string> SavedIndexFile()
    {
        var (index, _) = await _shop.IndexAsync();
        index.Dispose();
        return IndexCache.FileFor(_shop.CacheDirectory, index.Tree);
    }
}
