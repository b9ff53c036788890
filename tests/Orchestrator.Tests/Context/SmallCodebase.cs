using Orchestrator.Context;
using Orchestrator.Git;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Context;

/// <summary>A small repository of a few modules in several languages, for the index to find its way around.</summary>
public sealed class SmallCodebase : IDisposable
{
    public SmallCodebase()
    {
        Repo.Write("README.md", "# shop\n\nA tiny shop: catalogue, basket, invoices and user accounts.\n")
            .Write("src/billing/invoice_totals.py", """
                from src.billing.tax import vat_rate


                def compute_invoice_total(lines, customer):
                    subtotal = sum(line.price * line.quantity for line in lines)
                    return subtotal * (1 + vat_rate(customer.country))


                class InvoiceNumberSequence:
                    def next_number(self):
                        return 1
                """)
            .Write("src/billing/tax.py", "def vat_rate(country):\n    return {'DE': 0.19, 'FR': 0.2}.get(country, 0.0)\n")
            .Write("src/accounts/login.py", "def check_password(user, password):\n    return user.password_hash == hash(password)\n\n\ndef lock_account(user):\n    user.locked = True\n")
            .Write("src/catalogue/ProductSearch.cs", """
                namespace Shop.Catalogue;

                public sealed class ProductSearch
                {
                    public IReadOnlyList<Product> FindByName(string name) => [];

                    public int PageSize { get; init; } = 20;
                }

                public record Product(string Name, decimal Price);
                """)
            .Write("web/basket.ts", "export interface BasketLine { sku: string; quantity: number }\n\nexport function addToBasket(line: BasketLine) {\n  return line;\n}\n")
            .Write("src/Shop.Web/Startup.cs", "namespace Shop.Web;\n\npublic static class Startup\n{\n    public static void Configure(ProductSearch search) { }\n}\n");
        Repo.Commit("shop: first modules");
        Repo.Write("src/billing/tax.py", "def vat_rate(country):\n    return {'DE': 0.19, 'FR': 0.2, 'NL': 0.21}.get(country, 0.0)\n");
        Repo.Commit("billing: Dutch VAT");
    }

    public TempRepo Repo { get; } = new("shop");

    public GitCli Git => new(Repo.RepoPath);

    /// <summary>The context cache folder of the run layout under this repository's artifacts folder.</summary>
    public string CacheDirectory => new Orchestrator.Runs.RunLayout(Repo.Artifacts, "spec").ContextCacheDirectory;

    public async Task<(RepositoryIndex Index, bool Hit)> IndexAsync() =>
        await IndexCache.LoadOrBuildAsync(Git, "HEAD", CacheDirectory, CancellationToken.None);

    public void Dispose() => Repo.Dispose();
}
