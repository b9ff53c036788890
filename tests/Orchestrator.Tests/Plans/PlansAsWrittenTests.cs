using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

/// <summary>The constructs of tasks.md files as people really write them (see ../shared/specs-real for the corpus).</summary>
public class PlansAsWrittenTests
{
    private static TaskPlan Load(string markdown) => PlanLoader.LoadSpecKit(new StringReader(markdown), "tasks.md");

    [Fact]
    public void A_checkbox_without_an_id_under_a_task_is_one_of_its_acceptance_criteria()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T001 Add the settings page in src/settings.py
              - [ ] The page renders
              - [x] Saving keeps the values
            - [ ] T002 Wire it up
            """);

        plan["T001"].Acceptance.Should().Be("- The page renders\n- Saving keeps the values");
        plan["T001"].Description.Should().Be("Add the settings page in src/settings.py");
        plan.Tasks.Select(t => t.Id).Should().Equal("T001", "T002");
        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Checkboxes_without_an_id_under_no_task_are_ignored_with_one_warning_counting_them()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T001 Do the work

            ## Validation checklist

            - [x] All template sample tasks removed
            - [x] Each story has tests
            """);

        plan.Tasks.Select(t => t.Id).Should().Equal("T001");
        plan["T001"].Acceptance.Should().BeNull();
        plan.Warnings.Should().Equal("tasks.md: 2 checkbox line(s) without a task id and under no task are not tasks; ignored (first at line 7)");
    }

    [Fact]
    public void Ids_may_carry_a_letter_suffix_another_prefix_or_a_dotted_number()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T014 First
            - [ ] T014a Then the suffixed one, after T014
            - [ ] TASK-7 A task with a TASK prefix
            - [ ] I-1.2: A dotted id
            - [ ] ROOT-001 A dashed id
            - [ ] AUTH-3: A short id written with a colon
            - [ ] V1 Validate the input
            - [ ] V2 Validate the output
            - [ ] UTF-8 encoding is configured
            """);

        plan.Tasks.Select(t => t.Id).Should().Equal("T014", "T014a", "TASK-7", "I-1.2", "ROOT-001", "AUTH-3", "V1", "V2");
        plan["T014a"].DependsOn.Should().Equal("T014");
        plan["I-1.2"].Description.Should().Be("A dotted id");
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("1 checkbox line(s) without a task id", "a lone UTF-8 is prose, not an id");
    }

    [Fact]
    public void A_numbered_checklist_item_takes_its_number_as_its_id()
    {
        var plan = Load("""
            ## Core

            - [x] 1. Write tests for the counter <!-- id:4zgmwak -->
              - Stream: 1
            - [ ] 2. Implement the counter in src/counter.swift
            """);

        plan.Tasks.Select(t => (t.Id, t.Done)).Should().Equal(("1", true), ("2", false));
        plan["1"].Description.Should().Be("Write tests for the counter\nStream: 1");
        plan["2"].DependsOn.Should().Equal("1");
    }

    [Fact]
    public void A_heading_task_takes_its_body_its_depends_line_and_its_criteria()
    {
        var plan = Load("""
            # Tasks: console read

            ### T001: Fix the defect

            **File(s)**: `src/console.rs`
            **Depends**: None
            **Acceptance**:
            - [ ] `execute_read()` returns messages

            ### T002: Add a regression test

            **Depends**: T001

            ### T003: Verify no regressions

            **Depends**: T001, T002
            - [ ] `cargo test` passes

            ## Validation Checklist

            - [x] Tasks are focused on the fix
            """);

        plan.Tasks.Select(t => t.Id).Should().Equal("T001", "T002", "T003");
        plan["T001"].Description.Should().StartWith("Fix the defect\n");
        plan["T001"].Files.Should().Equal("src/console.rs");
        plan["T001"].Acceptance.Should().Be("- `execute_read()` returns messages");
        plan["T003"].DependsOn.Should().BeEquivalentTo(["T001", "T002"]);
        plan["T003"].Acceptance.Should().Be("- `cargo test` passes");
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("1 checkbox line(s) without a task id");
    }

    [Fact]
    public void A_bracketed_heading_task_with_a_status_and_plain_criteria_bullets()
    {
        var plan = Load("""
            ## Current Task ID Counter: ROOT-011

            ### [ROOT-001] Implement AI mode in the CLI [TODO]
            **Dependencies**: None
            **Acceptance Criteria**:
            - `bun start ai <game>` launches the AI player

            ### [ROOT-002] Add save files [DONE]
            **Dependencies**: ROOT-001
            **Description**: Load and save the game state.
            """);

        plan["ROOT-001"].Description.Should().Be("Implement AI mode in the CLI\n**Dependencies**: None");
        plan["ROOT-001"].Acceptance.Should().Be("- `bun start ai <game>` launches the AI player");
        plan["ROOT-001"].Done.Should().BeFalse();
        plan["ROOT-002"].Done.Should().BeTrue();
        plan["ROOT-002"].DependsOn.Should().Equal("ROOT-001");
    }

    [Fact]
    public void A_status_list_naming_heading_tasks_gives_their_status_and_they_stay_one_task_each()
    {
        var plan = Load("""
            ## PHASE I: CONSOLE

            ### Task I-1.2: Write the data model specification

            **Depends on:** Nothing
            **Acceptance Criteria:**
            - [ ] All fields documented

            ### Task I-1.3: Implement the data model

            **Depends on:** Task I-1.2

            ## Task Status Tracking

            - [x] I-1.2: Write the data model specification
            - [ ] I-1.3: Implement the data model
            - [ ] II-1.1: Set up the database
            """);

        plan.Tasks.Select(t => (t.Id, t.Done)).Should().Equal(("I-1.2", true), ("I-1.3", false), ("II-1.1", false));
        plan["I-1.2"].Acceptance.Should().Be("- All fields documented");
        plan["I-1.3"].DependsOn.Should().Equal("I-1.2");
        plan["II-1.1"].DependsOn.Should().Equal("I-1.3");
    }

    [Fact]
    public void Story_tags_of_any_prefix_give_the_story()
    {
        var plan = Load("""
            ## Phase 3: User Story AUTH-US1 - Registration

            - [ ] T015 [P] [AUTH-US1] Create the registration form
            - [ ] T030 [P] [TASK-US2] Create the task list
            - [ ] T031 Style the form
            """);

        plan["T015"].Story.Should().Be("US1");
        plan["T015"].Description.Should().Be("Create the registration form");
        plan["T030"].Story.Should().Be("US2");
        plan["T030"].Parallel.Should().BeTrue();
        plan["T031"].Story.Should().Be("US1", "the heading names the story");
    }

    [Fact]
    public void Deferred_skipped_wontfix_and_struck_tasks_are_deferred_and_nothing_waits_for_them_implicitly()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T001 Set up
            - [ ] T002 [DEFERRED] Scene support (future iteration)
            - [ ] T003 [SKIP] Not this time
            - [ ] T004 ~~Create the old command~~ REMOVED: superseded
            - [ ] T005 Build on the setup
            - [ ] T006 Finish, after T002 [WONTFIX]
            - [ ] T007 Needs the deferred one, depends on T002
            """);

        plan.Tasks.Where(t => t.Deferred).Select(t => t.Id).Should().Equal("T002", "T003", "T004", "T006");
        plan["T002"].Description.Should().Be("Scene support (future iteration)");
        plan["T005"].DependsOn.Should().Equal("T001");
        plan["T007"].DependsOn.Should().BeEquivalentTo(["T005", "T002"], "an explicit dependency on a deferred task holds");
    }

    [Fact]
    public void Template_placeholder_lines_are_skipped_with_a_warning_and_the_sample_tasks_parse()
    {
        var plan = Load("""
            ## Phase 1: Setup

            - [ ] T001 Create the project structure
            - [ ] T002 [P] Configure linting

            ## Phase N: Polish

            - [ ] TXXX [P] Documentation updates in docs/
            - [ ] TXXX Code cleanup
            """);

        plan.Tasks.Select(t => t.Id).Should().Equal("T001", "T002");
        plan.Warnings.Should().Equal("tasks.md: 2 placeholder task line(s) (TXXX) skipped (first at line 8)");
    }

    [Fact]
    public void One_file_mixing_every_construct_parses_into_one_plan()
    {
        var plan = Load("""
            # Tasks

            ## Phase 1: Setup

            - [x] T001 Create the project in src/app.py
              - [ ] The project builds
            - [ ] T001a [P] Add the linter config in .ruff.toml
            - [ ] T002 [P] [DEFERRED] Add telemetry
            - [ ] TXXX Placeholder from the template

            ## Phase 2: User Story AUTH-US1 - Sign in

            - [ ] AUTH-10 [AUTH-US1] Sign-in form in src/signin.py (depends on T001a)
            - [ ] AUTH-11 ~~Remember me~~

            ### Task I-1.2: Document the sign-in flow

            **Depends on:** Task AUTH-10
            - [ ] docs/signin.md explains it

            ## Core

            - [ ] 1. Write the counter tests
            - [ ] 2. Implement the counter

            ## Status

            - [x] I-1.2: Document the sign-in flow

            ## Validation checklist

            - [x] Every task has a file
            """);

        plan.Tasks.Select(t => t.Id).Should().Equal("T001", "T001a", "T002", "AUTH-10", "AUTH-11", "I-1.2", "1", "2");
        plan["T001"].Acceptance.Should().Be("- The project builds");
        plan["T002"].Deferred.Should().BeTrue();
        plan["AUTH-10"].Story.Should().Be("US1");
        plan["AUTH-10"].DependsOn.Should().Equal("T001a");
        plan["AUTH-11"].Deferred.Should().BeTrue();
        plan["I-1.2"].Done.Should().BeTrue();
        plan["I-1.2"].DependsOn.Should().Contain("AUTH-10");
        plan["I-1.2"].Acceptance.Should().Be("- docs/signin.md explains it");
        plan["1"].DependsOn.Should().Equal("I-1.2");
        plan["2"].DependsOn.Should().Equal("1");
        plan.Warnings.Should().HaveCount(2);
    }
}
