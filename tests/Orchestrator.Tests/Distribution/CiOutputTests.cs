using Orchestrator.Distribution;
using Orchestrator.Plans;
using Orchestrator.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.Tests.Distribution;

/// <summary>What the run hands to a CI system: the GitHub workflow, the matrix of chain shards, Buildkite's steps.</summary>
public sealed class CiOutputTests
{
    [Fact]
    public void The_generated_workflow_has_a_plan_job_an_agents_matrix_fed_by_its_output_and_a_merge_job()
    {
        using var repo = new TempRepo("workflow");
        repo.Write("specs/tasks.json", """{ "tasks": [ { "id": "T1", "description": "one" } ] }""").Commit("base");

        var result = OrchestratorCli.Run(repo.Root, [
            "--target=GenerateWorkflow", "--repo-path", repo.RepoPath, "--plan", Path.Combine(repo.RepoPath, "specs", "tasks.json"),
            "--agent=claude", "--shards=7"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var yaml = new YamlStream();
        yaml.Load(new StringReader(repo.Read(".github/workflows/orchestrator.yml")));
        var jobs = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"];
        jobs.Children.Keys.Select(k => k.ToString()).Should().Equal("plan", "agents", "merge");
        var (plan, agents, merge) = ((YamlMappingNode)jobs["plan"], (YamlMappingNode)jobs["agents"], (YamlMappingNode)jobs["merge"]);
        agents["needs"].ToString().Should().Be("plan");
        ((YamlSequenceNode)merge["needs"]).Select(n => n.ToString()).Should().Equal("plan", "agents");
        var strategy = (YamlMappingNode)agents["strategy"];
        strategy["matrix"].ToString().Should().Be("${{ fromJSON(needs.plan.outputs.matrix) }}");
        strategy["max-parallel"].ToString().Should().Be("7");
        ((YamlMappingNode)plan["outputs"])["matrix"].ToString().Should().Be("${{ steps.plan.outputs.matrix }}");
        var planStep = ((YamlSequenceNode)plan["steps"]).OfType<YamlMappingNode>().Single(s => s.Children.ContainsKey("id"));
        planStep["run"].ToString().Should().Contain("--emit=github-matrix").And.Contain("--shards=7").And.Contain("matrix=$(cat matrix.json)");
        ((YamlMappingNode)agents["env"])["ANTHROPIC_API_KEY"].ToString().Should().Be("${{ secrets.ANTHROPIC_API_KEY }}");
        ((YamlSequenceNode)agents["steps"]).OfType<YamlMappingNode>().Select(s => s.Children.TryGetValue("run", out var run) ? run.ToString() : "")
            .Should().Contain(run => run.Contains("--only-phase=ParallelExecution") && run.Contains("--shard=\"$SHARD\""));
        ((YamlSequenceNode)plan["steps"]).OfType<YamlMappingNode>().First()["uses"].ToString().Should().StartWith("actions/checkout@");
    }

    [Fact]
    public void Buildkite_steps_depend_on_exactly_the_plans_edges_in_uploads_of_at_most_500()
    {
        var plan = LayeredPlan(620);

        var documents = new YamlStream();
        documents.Load(new StringReader(CiEmitters.Buildkite(plan, "r1", "origin")));

        documents.Documents.Should().HaveCount(2);
        var uploaded = new HashSet<string>();
        var edges = new List<(string, string)>();
        foreach (var document in documents.Documents)
        {
            var steps = ((YamlSequenceNode)((YamlMappingNode)document.RootNode)["steps"]).OfType<YamlMappingNode>().ToList();
            steps.Should().HaveCountLessThanOrEqualTo(CiEmitters.BuildkiteUploadLimit);
            foreach (var step in steps.Where(s => s.Children.ContainsKey("key") && s["key"].ToString().StartsWith("task-", StringComparison.Ordinal)))
            {
                var key = step["key"].ToString();
                var needs = step.Children.TryGetValue("depends_on", out var list) ? ((YamlSequenceNode)list).Select(n => n.ToString()).ToList() : [];
                needs.Where(n => !uploaded.Contains(n)).Should().BeEmpty("a step names only steps uploaded before it");
                edges.AddRange(needs.Select(n => (key, n)));
                step["command"].ToString().Should().Contain($"--tasks={key["task-".Length..]}").And.Contain("--run-id=r1");
                uploaded.Add(key);
            }
        }

        uploaded.Should().HaveCount(620);
        edges.Should().BeEquivalentTo(plan.Tasks.SelectMany(t => t.DependsOn.Select(d => (CiEmitters.StepKey(t.Id), CiEmitters.StepKey(d)))));
    }

    [Fact]
    public void Chain_shards_cover_every_task_once_keep_a_chain_in_one_shard_and_stay_within_the_matrix_limit()
    {
        var chains = PlanOf(Enumerable.Range(0, 12).Select(i => (Id: $"T{i}", DependsOn: i % 4 == 0 ? [] : new[] { $"T{i - 1}" })));

        var shards = ChainShards.Of(chains, 2);

        shards.Should().HaveCount(2);
        shards.SelectMany(s => s).Should().BeEquivalentTo(chains.Tasks.Select(t => t.Id)).And.OnlyHaveUniqueItems();
        foreach (var chain in Enumerable.Range(0, 3).Select(c => Enumerable.Range(c * 4, 4).Select(i => $"T{i}").ToList()))
        {
            shards.Should().ContainSingle(s => chain.All(s.Contains), $"{chain[0]}'s chain runs in one shard");
        }

        ChainShards.Of(chains, 10).Should().HaveCount(3, "never more shards than chains");
        var wide = PlanOf(Enumerable.Range(0, 300).Select(i => (Id: $"W{i}", DependsOn: Array.Empty<string>())));
        ChainShards.Of(wide, 1000).Should().HaveCount(ChainShards.MatrixLimit);
        var selected = Enumerable.Range(1, 3).SelectMany(i => new TaskSelection { Shard = i, Shards = 3 }.Select(chains)).ToList();
        selected.Should().BeEquivalentTo(chains.Tasks.Select(t => t.Id), "shard i/n of every machine is the same cut");
    }

    /// <summary>Tasks in layers of ten, each depending on one or two tasks of the layer before.</summary>
    private static TaskPlan LayeredPlan(int count) => PlanOf(Enumerable.Range(0, count).Select(i => (
        Id: $"T{i}",
        DependsOn: i < 10 ? [] : new[] { $"T{i - 10}", $"T{i - 10 - (i % 3)}" }.Distinct().Where(d => int.Parse(d[1..]) >= 0 && int.Parse(d[1..]) < i - (i % 10)).ToArray())));

    private static TaskPlan PlanOf(IEnumerable<(string Id, string[] DependsOn)> tasks) =>
        new("plan.json", PlanFormat.Json, tasks.Select(t => new PlanTask { Id = t.Id, Description = t.Id, DependsOn = t.DependsOn }).ToList());
}
