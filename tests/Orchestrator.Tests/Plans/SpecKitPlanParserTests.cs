using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

public class SpecKitPlanParserTests
{
    private static TaskPlan Load(string markdown) => PlanLoader.LoadSpecKit(new StringReader(markdown), "tasks.md");

    private static TaskPlan Realistic => Load(SpecKitSamples.RealisticTasksFile);

    private static string[] DependenciesOf(TaskPlan plan, string id) => [.. plan[id].DependsOn.Order()];

    [Fact]
    public void A_spec_kit_tasks_file_yields_every_task_in_file_order()
    {
        Realistic.Tasks.Select(t => t.Id).Should().Equal(Enumerable.Range(1, 19).Select(n => $"T{n:000}"));
        Realistic.Format.Should().Be(PlanFormat.SpecKit);
    }

    [Fact]
    public void Phase_headings_give_each_task_its_phase_number_and_title()
    {
        var plan = Realistic;
        plan["T002"].Phase.Should().Be(1);
        plan["T002"].PhaseTitle.Should().Be("Setup (Shared Infrastructure)");
        plan["T009"].Phase.Should().Be(3);
        plan["T009"].PhaseTitle.Should().Be("User Story 1 - Create albums (Priority: P1) 🎯 MVP");
        plan["T019"].PhaseTitle.Should().Be("Polish & Cross-Cutting Concerns");
    }

    [Fact]
    public void A_phase_with_a_placeholder_number_keeps_its_title_and_has_no_number()
    {
        var plan = Load("## Phase 1: Setup\n- [ ] T001 Init\n## Phase N: Polish\n- [ ] T002 Tidy\n## Dependencies & Execution Order\n- Setup first\n");

        plan["T002"].Phase.Should().BeNull();
        plan["T002"].PhaseTitle.Should().Be("Polish");
        plan["T002"].DependsOn.Should().Equal("T001");
    }

    [Fact]
    public void Labels_mark_parallel_tasks_and_their_user_story()
    {
        var plan = Realistic;
        plan["T010"].Parallel.Should().BeTrue();
        plan["T010"].Story.Should().Be("US1");
        plan["T012"].Parallel.Should().BeFalse();
        plan["T012"].Description.Should().Be("Implement AlbumService in src/services/album_service.py (depends on T010, T011)");
        plan["T017"].Story.Should().BeNull();
    }

    [Fact]
    public void An_unlabelled_task_in_a_user_story_phase_takes_the_story_from_the_heading()
    {
        Realistic["T016"].Story.Should().Be("US2");
    }

    [Fact]
    public void A_checked_task_is_done_and_still_satisfies_its_dependents()
    {
        var plan = Realistic;
        plan["T001"].Done.Should().BeTrue();
        plan["T002"].Done.Should().BeFalse();
        DependenciesOf(plan, "T002").Should().Equal("T001");
        new TaskGraph(plan).Batches[0].Should().Equal("T002");
    }

    [Fact]
    public void A_task_inside_a_fenced_code_block_is_not_a_task()
    {
        Realistic.Contains("T099").Should().BeFalse();
        Realistic["T010"].Line.Should().Be(SpecKitSamples.LineOf(SpecKitSamples.RealisticTasksFile, "T010 [P] [US1] Create Album"));
    }

    [Fact]
    public void Each_task_records_its_one_based_line()
    {
        Realistic["T001"].Line.Should().Be(SpecKitSamples.LineOf(SpecKitSamples.RealisticTasksFile, "T001"));
        Realistic["T019"].Line.Should().Be(SpecKitSamples.LineOf(SpecKitSamples.RealisticTasksFile, "T019"));
    }

    [Fact]
    public void Indented_continuation_lines_extend_the_description_and_done_when_becomes_acceptance()
    {
        var task = Realistic["T007"];
        task.Description.Should().Be("Create base models that all stories depend on in src/models/base.py\nKeep the models free of persistence concerns.");
        task.Acceptance.Should().Be("`pytest tests/unit/test_base.py` passes");
        task.Files.Should().Equal("src/models/base.py", "tests/unit/test_base.py");
    }

    [Fact]
    public void A_task_depends_on_the_task_before_it_in_its_phase()
    {
        DependenciesOf(Realistic, "T003").Should().Equal("T002");
        DependenciesOf(Realistic, "T013").Should().Equal("T012");
    }

    [Fact]
    public void Consecutive_parallel_tasks_form_one_group_that_depends_on_the_group_before()
    {
        DependenciesOf(Realistic, "T005").Should().Equal("T004");
        DependenciesOf(Realistic, "T006").Should().Equal("T004");
    }

    [Fact]
    public void The_task_after_a_parallel_group_depends_on_every_task_of_the_group()
    {
        DependenciesOf(Realistic, "T007").Should().Equal("T005", "T006");
    }

    [Fact]
    public void A_subheading_starts_a_new_group_even_between_parallel_tasks()
    {
        DependenciesOf(Realistic, "T010").Should().Equal("T008", "T009");
        DependenciesOf(Realistic, "T011").Should().Equal("T008", "T009");
    }

    [Fact]
    public void The_first_phase_starts_with_a_root_task()
    {
        Realistic["T001"].DependsOn.Should().BeEmpty();
    }

    [Fact]
    public void A_non_story_phase_depends_on_the_last_group_of_the_phase_before()
    {
        DependenciesOf(Realistic, "T004").Should().Equal("T003");
    }

    [Fact]
    public void A_user_story_phase_depends_only_on_the_nearest_earlier_non_story_phase()
    {
        DependenciesOf(Realistic, "T008").Should().Equal("T007");
        DependenciesOf(Realistic, "T014").Should().Equal("T007");
    }

    [Fact]
    public void A_phase_after_the_user_stories_depends_on_every_story_phase()
    {
        DependenciesOf(Realistic, "T017").Should().Equal("T013", "T016");
        DependenciesOf(Realistic, "T018").Should().Equal("T013", "T016");
        DependenciesOf(Realistic, "T019").Should().Equal("T017", "T018");
    }

    [Fact]
    public void Explicit_depends_on_and_after_clauses_always_hold()
    {
        DependenciesOf(Realistic, "T012").Should().Equal("T010", "T011");
        DependenciesOf(Realistic, "T015").Should().Equal("T012", "T014");
    }

    [Fact]
    public void Explicit_dependency_lists_accept_commas_and_and_in_any_case()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T001 [P] One
            - [ ] T002 [P] Two
            - [ ] T003 [P] Three
            - [ ] T004 [P] Four DEPENDS ON T001, T002 and T003
            - [ ] T005 [P] Five, run After t004
            """);

        DependenciesOf(plan, "T004").Should().Equal("T001", "T002", "T003");
        DependenciesOf(plan, "T005").Should().Equal("T004");
        DependenciesOf(plan, "T001").Should().BeEmpty();
    }

    [Fact]
    public void A_user_story_phase_without_an_earlier_non_story_phase_is_a_root()
    {
        var plan = Load("""
            ## Phase 1: User Story 1 - Login
            - [ ] T001 [US1] Login form
            ## Phase 2: User Story 2 - Logout
            - [ ] T002 [US2] Logout button
            ## Phase 3: Polish
            - [ ] T003 Tidy up
            """);

        plan["T002"].DependsOn.Should().BeEmpty();
        DependenciesOf(plan, "T003").Should().Equal("T001", "T002");
    }

    [Fact]
    public void Nested_items_under_a_task_belong_to_it_and_widen_its_file_scope()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T001 Add the settings page
              - also touch src/web/settings.css
              - Acceptance: the page renders

              A closing note.
            """);

        var task = plan["T001"];
        task.Description.Should().Be("Add the settings page\nalso touch src/web/settings.css\nA closing note.");
        task.Acceptance.Should().Be("the page renders");
        task.Files.Should().Equal("src/web/settings.css");
    }

    [Fact]
    public void A_duplicate_task_id_is_rejected_naming_every_repeated_id_with_its_count_and_lines()
    {
        var lines = Enumerable.Repeat(string.Empty, 13).ToArray();
        lines[0] = "## Phase 1: Setup";
        lines[8] = "- [ ] T003 First";
        lines[13 - 1] = "- [ ] T001 Other";
        var markdown = string.Join('\n', lines) + "\n- [ ] T003 Again\n- [ ] T001 Twice\n- [ ] T003 Thrice\n";

        var load = () => Load(markdown);

        load.Should().Throw<InputException>()
            .WithMessage("tasks.md: duplicate task ids: T003 (3 times: lines 9, 14, 16), T001 (2 times: lines 13, 15)");
    }

    [Fact]
    public void A_file_without_tasks_is_rejected()
    {
        var load = () => Load("# Tasks\n\nNothing yet.\n");

        load.Should().Throw<InputException>().WithMessage("tasks.md: the plan has no tasks");
    }
}
