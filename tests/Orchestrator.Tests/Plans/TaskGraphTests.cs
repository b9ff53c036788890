using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

public class TaskGraphTests
{
    // a ─┬─> b ──> d ──> e
    //    └─> c ───────┘
    //  f (independent, done) ; g depends on f
    private static TaskGraph SmallDag() => new(new TaskPlan("plan.json", PlanFormat.Json,
    [
        Task("a", 1),
        Task("b", 5, "a"),
        Task("c", 2, "a"),
        Task("f", 1, done: true),
        Task("d", 1, "b", "c"),
        Task("g", 10, "f"),
        Task("e", 1, "d"),
    ]));

    private static PlanTask Task(string id, double estimate, params string[] dependsOn) => Task(id, estimate, false, dependsOn);

    private static PlanTask Task(string id, double estimate, bool done, params string[] dependsOn) =>
        new() { Id = id, Description = id, EstimateSeconds = estimate, Done = done, DependsOn = [.. dependsOn] };

    [Fact]
    public void Topological_order_puts_dependencies_first_and_breaks_ties_by_plan_order()
    {
        SmallDag().TopologicalOrder.Should().Equal("a", "b", "c", "f", "d", "g", "e");
    }

    [Fact]
    public void Batches_group_pending_tasks_by_level_and_treat_done_tasks_as_satisfied()
    {
        SmallDag().Batches.Should().BeEquivalentTo(
            new[] { new[] { "a", "g" }, ["b", "c"], ["d"], ["e"] },
            options => options.WithStrictOrdering());
    }

    [Fact]
    public void The_critical_path_follows_the_longest_estimated_chain()
    {
        SmallDag().CriticalPath().Should().Equal("g");
        SmallDag().CriticalPath(_ => 1).Should().Equal("a", "b", "d", "e");
    }

    [Fact]
    public void The_default_estimate_is_one_second_per_task()
    {
        var graph = new TaskGraph(new TaskPlan("-", PlanFormat.Json,
            [new PlanTask { Id = "x", Description = "x" }, new PlanTask { Id = "y", Description = "y", DependsOn = ["x"] }]));

        graph.LongestPathToEnd()["x"].Should().Be(2);
        graph.CriticalPath().Should().Equal("x", "y");
    }

    [Fact]
    public void Longest_path_to_end_adds_each_task_to_its_longest_chain_of_dependents()
    {
        var lengths = SmallDag().LongestPathToEnd(t => t.EstimateSeconds!.Value);

        lengths.Should().BeEquivalentTo(new Dictionary<string, double>
        {
            ["a"] = 8,
            ["b"] = 7,
            ["c"] = 4,
            ["d"] = 2,
            ["e"] = 1,
            ["f"] = 0,
            ["g"] = 10,
        });
    }

    [Fact]
    public void Dependents_are_found_directly_and_transitively_in_plan_order()
    {
        var graph = SmallDag();

        graph.DirectDependents("a").Should().Equal("b", "c");
        graph.TransitiveDependents("a").Should().Equal("b", "c", "d", "e");
        graph.TransitiveDependents("e").Should().BeEmpty();
        graph.DirectDependents("f").Should().Equal("g");
    }

    [Fact]
    public void Asking_about_an_unknown_task_is_an_argument_error()
    {
        FluentActions.Invoking(() => SmallDag().DirectDependents("zz")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_ten_thousand_task_plan_builds_a_graph()
    {
        // Layers of 100 tasks, each depending on two tasks of the layer before.
        var tasks = Enumerable.Range(0, 10_000).Select(i => new PlanTask
        {
            Id = $"T{i:00000}",
            Description = "task",
            DependsOn = i < 100 ? [] : [$"T{i - 100:00000}", $"T{i - 100 - (i % 100 == 0 ? 0 : 1):00000}"],
        }).ToList();
        var plan = PlanLoader.LoadJson(new StringReader(Newtonsoft.Json.JsonConvert.SerializeObject(new
        {
            tasks = tasks.Select(t => new { id = t.Id, description = t.Description, depends_on = t.DependsOn }),
        })), "big.json");

        var graph = new TaskGraph(plan);

        graph.TopologicalOrder.Should().HaveCount(10_000);
        graph.Batches.Should().HaveCount(100).And.AllSatisfy(batch => batch.Should().HaveCount(100));
        graph.CriticalPath().Should().HaveCount(100);
        // Layer k reaches positions 0..k of the first column's fan-out: sum of (k + 1) for k = 1..99.
        graph.TransitiveDependents("T00000").Should().HaveCount(5049).And.NotContain("T00001");
    }
}
