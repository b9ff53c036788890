namespace Orchestrator.Tests.Plans;

/// <summary>A tasks.md shaped like the output of spec-kit's templates/tasks-template.md.</summary>
internal static class SpecKitSamples
{
    public const string RealisticTasksFile = """
        ---
        description: "Task list for the photo albums feature"
        ---

        # Tasks: Photo Albums

        **Input**: Design documents from `/specs/001-photo-albums/`
        **Prerequisites**: plan.md (required), spec.md, data-model.md, contracts/

        ## Format: `[ID] [P?] [Story] Description`

        - **[P]**: Can run in parallel (different files, no dependencies)
        - **[Story]**: Which user story this task belongs to (e.g., US1, US2, US3)

        ## Phase 1: Setup (Shared Infrastructure)

        **Purpose**: Project initialization and basic structure

        - [X] T001 Create project structure per implementation plan
        - [ ] T002 Initialize Python 3.12 project with FastAPI dependencies in pyproject.toml
        - [ ] T003 [P] Configure linting and formatting tools in `.ruff.toml`

        ---

        ## Phase 2: Foundational (Blocking Prerequisites)

        **⚠️ CRITICAL**: No user story work can begin until this phase is complete

        - [ ] T004 Setup database schema and migrations framework in src/db/migrations/
        - [ ] T005 [P] Implement authentication framework in src/auth/jwt.py
        - [ ] T006 [P] Setup API routing and middleware structure in src/api/router.py
        - [ ] T007 Create base models that all stories depend on in src/models/base.py
          Keep the models free of persistence concerns.
          Done when: `pytest tests/unit/test_base.py` passes

        **Checkpoint**: Foundation ready - user story implementation can now begin in parallel

        ---

        ## Phase 3: User Story 1 - Create albums (Priority: P1) 🎯 MVP

        **Goal**: Users can create albums

        ### Tests for User Story 1 ⚠️

        > **NOTE: Write these tests FIRST, ensure they FAIL before implementation**

        - [ ] T008 [P] [US1] Contract test for POST /albums in tests/contract/test_albums.py
        - [ ] T009 [P] [US1] Integration test for album creation in tests/integration/test_create_album.py

        ### Implementation for User Story 1

        - [ ] T010 [P] [US1] Create Album model in src/models/album.py
        - [ ] T011 [P] [US1] Create Photo model in src/models/photo.py
        - [ ] T012 [US1] Implement AlbumService in src/services/album_service.py (depends on T010, T011)
        - [ ] T013 [US1] Implement POST /albums endpoint in src/api/albums.py

        **Checkpoint**: User Story 1 is fully functional

        ---

        ## Phase 4: User Story 2 - Share albums (Priority: P2)

        ### Implementation for User Story 2

        - [ ] T014 [P] [US2] Create Share model in src/models/share.py
        - [ ] T015 [US2] Implement sharing in src/services/share_service.py after T012
        - [ ] T016 Add share links to the album page in src/web/album.html

        ---

        ## Phase 5: Polish & Cross-Cutting Concerns

        - [ ] T017 [P] Documentation updates in docs/albums.md
        - [ ] T018 [P] Update README.md with the albums feature
        - [ ] T019 Run quickstart.md validation

        ---

        ## Parallel Example: User Story 1

        ```bash
        # Launch all models for User Story 1 together:
        - [ ] T010 [P] [US1] Create Album model in src/models/album.py
        - [ ] T099 [P] [US1] Not a real task
        ```

        ## Notes

        - [P] tasks = different files, no dependencies
        - Commit after each task or logical group
        """;

    public static int LineOf(string text, string fragment) =>
        text.Split('\n').Select((line, index) => (line, index)).First(l => l.line.Contains(fragment, StringComparison.Ordinal)).index + 1;
}
