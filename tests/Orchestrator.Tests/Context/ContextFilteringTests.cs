using Newtonsoft.Json.Linq;
using Orchestrator.Context;
using Orchestrator.Plans;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Context;

public sealed class ContextFilteringTests : IDisposable
{
    private readonly SmallCodebase _shop = new();

    [Fact]
    public async Task A_task_gets_its_scope_first_then_description_hits_then_what_its_scope_uses_then_its_dependencies_files()
    {
        var (index, _) = await _shop.IndexAsync();
        var plan = new TaskPlan("plan.json", PlanFormat.Json,
        [
            new PlanTask { Id = "T1", Description = "Lock accounts after failed logins", Files = ["src/accounts/login.py"] },
            new PlanTask
            {
                Id = "T2", Description = "Show the page size on the start page", Files = ["src/Shop.Web/Startup.cs"], DependsOn = ["T1"],
            },
        ]);

        var ranked = ContextRanking.Rank(plan["T2"], plan, index, [new SpecDocument("specs/spec.md", "# spec")], new HashSet<string>());

        ranked.Select(c => c.Path).Should().StartWith("src/Shop.Web/Startup.cs");
        ranked.First(c => c.Path == "src/catalogue/ProductSearch.cs").Reason.Should().Match("*page*");
        ranked.Select(c => c.Path).Should().ContainInOrder("src/Shop.Web/Startup.cs", "specs/spec.md", "src/accounts/login.py");
        ranked.Should().Contain(c => c.Path == "src/accounts/login.py" && c.Reason.Contains("dependency T1"));
        ranked.Select(c => c.Path).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Files_declaring_what_the_scope_uses_are_offered_even_when_the_description_does_not_name_them()
    {
        var (index, _) = await _shop.IndexAsync();
        var task = new PlanTask { Id = "T9", Description = "Tidy the wiring", Files = ["src/Shop.Web/Startup.cs"] };
        var plan = new TaskPlan("plan.json", PlanFormat.Json, [task]);

        var ranked = ContextRanking.Rank(task, plan, index, [], new HashSet<string>());

        ranked.Should().Contain(c => c.Path == "src/catalogue/ProductSearch.cs" && c.Reason.StartsWith("declares ProductSearch"));
    }

    [Fact]
    public void Prompts_stay_within_the_context_budget_and_report_what_was_dropped()
    {
        var big = string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"def handler_{i}(request): return render(request, 'page_{i}.html')"));
        _shop.Repo.Write("src/web/views.py", big);
        _shop.Repo.Commit("views");
        var planPath = _shop.Repo.WriteScratch("plan.json", """
            { "tasks": [
              { "id": "T1", "description": "Add an invoice view that shows the invoice total", "files": ["src/web/views.py", "src/billing/invoice_totals.py"] },
              { "id": "T2", "description": "Add a VAT rate for Belgium", "files": ["src/billing/tax.py"], "depends_on": ["T1"] }
            ] }
            """);

        var result = OrchestratorCli.Run(_shop.Repo.Root,
            ["--repo-path", _shop.Repo.RepoPath, "--plan", planPath, "--artifacts", _shop.Repo.Artifacts, "--target=ContextFiltering", "--context-budget=2000"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var output = JObject.Parse(File.ReadAllText(Path.Combine(_shop.Repo.Artifacts, "phase-state", "03-ContextFiltering.json")))["output_data"]!;
        output["budget_tokens"]!.Value<int>().Should().Be(2000);
        foreach (var prompt in output["prompts"]!)
        {
            prompt["tokens_used"]!.Value<int>().Should().BeLessThanOrEqualTo(2000);
            TokenEstimate.Of(File.ReadAllText(prompt["prompt_file"]!.Value<string>()!)).Should().BeLessThanOrEqualTo(2000);
        }

        var first = output["prompts"]!.First(p => p["task"]!.Value<string>() == "T1");
        first["included"]![0]!["path"]!.Value<string>().Should().Be("src/web/views.py");
        first["included"]![0]!["truncated"]!.Value<bool>().Should().BeTrue("the file alone is larger than the budget");
        first["dropped"]!.Should().NotBeEmpty();
        first["dropped"]!.Select(d => d["reason"]!.Value<string>()).Should().OnlyContain(r => r.Length > 0);
    }

    public void Dispose() => _shop.Dispose();
}
