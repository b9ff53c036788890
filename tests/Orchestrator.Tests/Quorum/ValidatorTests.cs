using Orchestrator.Plans;
using Orchestrator.Quorum;

namespace Orchestrator.Tests.Quorum;

public sealed class ValidatorTests
{
    [Fact]
    public void Any_blocking_fail_decides_however_many_validators_pass()
    {
        var result = QuorumRule.Decide(
        [
            new Vote("structure", Verdict.Fail, 0.9, ["T2 depends on a later phase"]) { Blocking = true },
            new Vote("a", Verdict.Pass, 1, []), new Vote("b", Verdict.Pass, 1, []), new Vote("c", Verdict.Pass, 1, []),
        ]);

        result.Decision.Should().Be(Verdict.Fail);
        result.Deficiencies.Should().Equal("[structure] T2 depends on a later phase");
    }

    [Fact]
    public void A_concrete_finding_outweighs_validators_that_found_nothing_but_not_an_agreeing_majority()
    {
        var oneFinding = QuorumRule.Decide([new Vote("races", Verdict.Retry, 0.85, ["race"]), .. CleanPasses(3)]);
        var outvoted = QuorumRule.Decide(
            [new Vote("races", Verdict.Retry, 0.6, ["x"]), new Vote("agent:a", Verdict.Pass, 0.9, ["nit"]), new Vote("agent:b", Verdict.Pass, 0.9, ["nit"])]);

        oneFinding.Decision.Should().Be(Verdict.Retry);
        oneFinding.Confidence.Should().BeApproximately(0.85 / (0.85 + (3 * 0.9 * QuorumRule.CleanPassWeight)), 0.001);
        outvoted.Decision.Should().Be(Verdict.Pass);
        outvoted.Confidence.Should().Be(0.75);
    }

    [Fact]
    public void A_tie_goes_to_pass_before_retry_and_to_retry_before_fail_and_the_strongest_blocking_fail_gives_the_confidence()
    {
        var passOrRetry = QuorumRule.Decide([new Vote("a", Verdict.Retry, 0.5, ["x"]), new Vote("b", Verdict.Pass, 0.5, ["nit"])]);
        var retryOrFail = QuorumRule.Decide([new Vote("a", Verdict.Fail, 0.4, ["x"]), new Vote("b", Verdict.Retry, 0.4, ["y"]), .. CleanPasses(1)]);
        var blocked = QuorumRule.Decide(
        [
            new Vote("a", Verdict.Fail, 0.6, ["x"]) { Blocking = true }, new Vote("b", Verdict.Fail, 0.8, ["y"]) { Blocking = true },
            new Vote("c", Verdict.Pass, 1, ["nit"]),
        ]);

        (passOrRetry.Decision, passOrRetry.Confidence).Should().Be((Verdict.Pass, 0.5));
        retryOrFail.Decision.Should().Be(Verdict.Retry);
        retryOrFail.Confidence.Should().BeApproximately(0.4 / (0.8 + (0.9 * QuorumRule.CleanPassWeight)), 0.001);
        (blocked.Decision, blocked.Confidence).Should().Be((Verdict.Fail, 0.8));
    }

    [Fact]
    public void Abstaining_reviewers_are_not_counted()
    {
        var result = QuorumRule.Decide([new Vote("agent:x", Verdict.Abstain, 0, []), .. CleanPasses(2)]);

        (result.Decision, result.Confidence).Should().Be((Verdict.Pass, 1.0));
    }

    [Fact]
    public async Task A_file_missing_at_the_base_must_be_waited_for_by_every_task_but_the_one_creating_it()
    {
        var plan = Plan(
            new PlanTask { Id = "T1", Description = "Create the parser module", Files = ["src/parser.py"], Parallel = true },
            new PlanTask { Id = "T2", Description = "Use the parser in the command line", Files = ["src/cli.py", "src/parser.py"], Parallel = true },
            new PlanTask { Id = "T3", Description = "Document the parser", Files = ["docs/parser.md", "src/parser.py"], DependsOn = ["T1"] });

        var vote = await new ScopeValidator().ValidateAsync(new PlanReview(plan, new HashSet<string>(), [], 1), CancellationToken.None);

        vote.Verdict.Should().Be(Verdict.Retry);
        vote.Deficiencies.Should().ContainSingle().Which.Should().Contain("T2 refers to src/parser.py").And.Contain("created by T1");
        vote.Remedies.Should().Equal(new Remedy("T2", "T1", "T1 creates src/parser.py"));
    }

    [Theory]
    [InlineData("Fix stuff", "is too vague")]
    [InlineData("Add the importer, write the exporter, then update the docs and deploy the site in src/io.py", "bundles 4 separate actions")]
    public void Task_quality_names_vague_and_bundled_tasks(string description, string problem)
    {
        var files = description.Contains("src/") ? new List<string> { "src/io.py" } : [];

        TaskQualityValidator.Problems(new PlanTask { Id = "T1", Description = description, Files = files })
            .Should().Contain(p => p.StartsWith(problem));
    }

    [Fact]
    public void A_well_formed_task_with_a_listed_set_of_commands_is_not_a_bundle()
    {
        var task = new PlanTask { Id = "T010", Description = "Add the command line (add, finish, search and stats commands) in bookshelf/cli.py with tests in tests/test_cli.py", Files = ["bookshelf/cli.py"] };

        TaskQualityValidator.Problems(task).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Looks fine.\n```json\n{\"verdict\": \"PASS\", \"confidence\": 80, \"deficiencies\": []}\n```", Verdict.Pass, 0.8)]
    [InlineData("{\"draft\": {\"verdict\": \"nope\"}} final: {\"verdict\": \"fail\", \"deficiencies\": [\"no tests\"]}", Verdict.Fail, 0.7)]
    public void An_agents_verdict_is_the_last_json_object_with_a_known_verdict(string answer, Verdict verdict, double confidence)
    {
        var vote = AgentReviewer.ParseVerdict("agent:x", answer);

        vote.Should().NotBeNull();
        (vote!.Verdict, vote.Confidence).Should().Be((verdict, confidence));
    }

    [Fact]
    public void An_answer_without_a_verdict_reads_as_none()
    {
        AgentReviewer.ParseVerdict("agent:x", "I could not decide {not json}").Should().BeNull();
    }

    private static IEnumerable<Vote> CleanPasses(int count) => Enumerable.Range(0, count).Select(i => new Vote($"v{i}", Verdict.Pass, 0.9, []));

    private static TaskPlan Plan(params PlanTask[] tasks) => new("plan.json", PlanFormat.Json, tasks);
}
