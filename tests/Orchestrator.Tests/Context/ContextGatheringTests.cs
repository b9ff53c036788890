using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Context;

public sealed class ContextGatheringTests : IDisposable
{
    private readonly SmallCodebase _shop = new();

    [Fact]
    public void The_global_context_puts_spec_documents_first_then_named_files_then_index_hits_and_a_rerun_hits_the_cache()
    {
        _shop.Repo.Write("specs/002-vat/spec.md", "# VAT\n\nInvoices show VAT per country.\n")
            .Write("specs/002-vat/data-model.md", "# Data model\n\nInvoice(lines, customer)\n")
            .Write("specs/002-vat/tasks.md", "## Phase 1: Core\n\n- [ ] T001 Add Belgian VAT to the rate table in src/billing/tax.py\n- [ ] T002 Show VAT per line on the invoice total\n");
        _shop.Repo.Commit("vat spec");
        string[] args = ["--repo-path", _shop.Repo.RepoPath, "--plan", Path.Combine(_shop.Repo.RepoPath, "specs/002-vat/tasks.md"),
            "--artifacts", _shop.Repo.Artifacts, "--target=ContextGathering"];

        var first = OrchestratorCli.Run(_shop.Repo.Root, args);
        var context = GlobalContext();
        var second = OrchestratorCli.Run(_shop.Repo.Root, args);

        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        var items = context["items"]!.ToObject<List<JObject>>()!;
        items.Select(i => i["kind"]!.Value<string>()).Should().StartWith(["spec", "spec", "scope"]);
        items.Select(i => i["path"]!.Value<string>()).Should().StartWith(["specs/002-vat/spec.md", "specs/002-vat/data-model.md", "src/billing/tax.py"]);
        items.Select(i => i["path"]!.Value<string>()).Should().Contain("src/billing/invoice_totals.py").And.NotContain("specs/002-vat/tasks.md");
        items.Should().OnlyContain(i => i["why"]!.Value<string>()!.Length > 0 && i["tokens"]!.Value<int>() >= 0 && i["excerpt"] != null);
        context["totals"]!["items"]!.Value<int>().Should().Be(items.Count);
        context["tasks"]!.First(t => t["task"]!.Value<string>() == "T002")["hits"]![0]!["path"]!.Value<string>().Should().Be("src/billing/invoice_totals.py");
        context["cache_hit"]!.Value<bool>().Should().BeFalse();
        GlobalContext()["cache_hit"]!.Value<bool>().Should().BeTrue("the tree did not change");
        second.Output.Should().Contain("loaded from the cache");
    }

    [Fact]
    public void A_fresh_index_and_a_cached_one_give_the_same_excerpts_taken_at_the_base_commit()
    {
        _shop.Repo.Write("src/billing/tax.py", "def vat_rate(country):\n    return 'an uncommitted edit'\n");
        var plan = _shop.Repo.WriteScratch("plan.json", """
            { "tasks": [ { "id": "T1", "description": "Add Belgian VAT to the invoice total", "files": ["src/billing/tax.py"] } ] }
            """);
        string[] args = ["--repo-path", _shop.Repo.RepoPath, "--plan", plan, "--artifacts", _shop.Repo.Artifacts, "--target=ContextGathering"];

        var first = OrchestratorCli.Run(_shop.Repo.Root, args);
        var built = Excerpts(GlobalContext());
        var second = OrchestratorCli.Run(_shop.Repo.Root, args);
        var cached = Excerpts(GlobalContext());

        first.ExitCode.Should().Be(0, first.ToString());
        second.ExitCode.Should().Be(0, second.ToString());
        GlobalContext()["cache_hit"]!.Value<bool>().Should().BeTrue();
        built.Should().Equal(cached);
        built["src/billing/tax.py"].Should().Contain("'NL': 0.21").And.NotContain("uncommitted");
        built.Should().HaveCountGreaterThan(1);
    }

    private static Dictionary<string, string> Excerpts(JToken context) =>
        context["items"]!.ToDictionary(i => i["path"]!.Value<string>()!, i => i["excerpt"]!.Value<string>()!);

    private JToken GlobalContext() =>
        JObject.Parse(File.ReadAllText(Path.Combine(_shop.Repo.Artifacts, "phase-state", "state.json")))["global_context"]!;

    public void Dispose() => _shop.Dispose();
}
