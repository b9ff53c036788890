using Orchestrator.Context;
using Orchestrator.Plans;

namespace Orchestrator.Tests.Context;

public sealed class RepositoryIndexTests : IDisposable
{
    private readonly SmallCodebase _shop = new();

    [Fact]
    public async Task The_file_relevant_to_a_task_is_found_from_its_description_alone()
    {
        var (index, _) = await _shop.IndexAsync();
        var task = new PlanTask { Id = "T007", Description = "Apply the customer's VAT when computing the invoice total" };

        var hits = index.Search(ContextQueries.ForTask(task), 3);

        hits.Select(h => h.File.Path).First().Should().Be("src/billing/invoice_totals.py");
        hits[0].MatchedTerms.Should().Contain(["invoice", "total"]);
    }

    [Fact]
    public async Task Camel_case_names_are_found_by_the_plain_words_they_are_made_of()
    {
        var (index, _) = await _shop.IndexAsync();

        index.Search("search products by name", 1).Single().File.Path.Should().Be("src/catalogue/ProductSearch.cs");
    }

    [Fact]
    public async Task Declarations_are_read_from_each_languages_declaration_forms_csharp_included()
    {
        var (index, _) = await _shop.IndexAsync();

        index.Find("src/catalogue/ProductSearch.cs")!.Symbols.Select(s => (s.Name, s.Kind))
            .Should().Contain([("ProductSearch", "class"), ("FindByName", "method"), ("PageSize", "property"), ("Product", "record")]);
        index.Find("src/billing/invoice_totals.py")!.Symbols.Select(s => s.Name).Should().Equal("compute_invoice_total", "InvoiceNumberSequence", "next_number");
        index.Find("web/basket.ts")!.Symbols.Select(s => s.Name).Should().Equal("BasketLine", "addToBasket");
        index.Declarations("ProductSearch").Select(d => d.File.Path).Should().Equal("src/catalogue/ProductSearch.cs");
    }

    [Fact]
    public async Task Each_file_keeps_the_recent_commits_that_touched_it()
    {
        var (index, _) = await _shop.IndexAsync();

        index.Find("src/billing/tax.py")!.History.Select(h => h.Subject).Should().Equal("billing: Dutch VAT", "shop: first modules");
        index.Find("README.md")!.History.Select(h => h.Subject).Should().Equal("shop: first modules");
    }

    [Fact]
    public async Task Binary_and_very_large_files_stay_out_of_the_index()
    {
        _shop.Repo.Write("assets/logo.png", "\u0089PNG not really")
            .Write("data/dump.sql", new string('x', (int)IndexBuilder.LargestIndexedBytes + 10))
            .Write("data/blob.dat", "text\0with a NUL");
        _shop.Repo.Commit("assets");

        var (index, _) = await _shop.IndexAsync();

        index.Find("assets/logo.png").Should().BeNull();
        index.Find("data/dump.sql").Should().BeNull();
        index.Find("data/blob.dat").Should().BeNull();
        (index.Counts.SkippedBinary, index.Counts.SkippedLarge).Should().Be((2, 1));
        index.Counts.TrackedFiles.Should().Be(index.Files.Count + 3);
    }

    [Fact]
    public async Task An_unchanged_tree_is_loaded_from_the_cache_and_gives_the_same_answers()
    {
        var (built, firstHit) = await _shop.IndexAsync();
        var (cached, secondHit) = await _shop.IndexAsync();

        (firstHit, secondHit).Should().Be((false, true));
        cached.Search("vat rate for a country", 5).Should().BeEquivalentTo(built.Search("vat rate for a country", 5));
        cached.Files.Should().BeEquivalentTo(built.Files);
    }

    [Fact]
    public async Task A_changed_tree_is_indexed_afresh()
    {
        await _shop.IndexAsync();
        _shop.Repo.Write("src/billing/refunds.py", "def refund_invoice(invoice):\n    return -invoice.total\n");
        _shop.Repo.Commit("refunds");

        var (index, hit) = await _shop.IndexAsync();

        hit.Should().BeFalse();
        index.Search("refund an invoice", 1).Single().File.Path.Should().Be("src/billing/refunds.py");
    }

    [Fact]
    public async Task The_cache_keeps_only_the_most_recent_trees()
    {
        for (var i = 0; i < 3; i++)
        {
            _shop.Repo.Write("CHANGELOG.md", $"change {i}\n");
            _shop.Repo.Commit($"change {i}");
            await _shop.IndexAsync();
        }

        IndexCache.Prune(_shop.CacheDirectory, keep: 2);

        var head = _shop.Repo.Git("rev-parse", "HEAD^{tree}");
        Directory.GetFiles(_shop.CacheDirectory, "*.idx").Should().HaveCount(2)
            .And.Contain(IndexCache.FileFor(_shop.CacheDirectory, head));
    }

    public void Dispose() => _shop.Dispose();
}
