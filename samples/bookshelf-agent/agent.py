#!/usr/bin/env python3
"""Bundled sample "coding agent" for the bookshelf plan.

The orchestrator runs this once per task with the task's git worktree as the
working directory. It reads its prompt, then writes the task's source files
(kept under solutions/<TASK_ID>/, mirrored into the worktree). It never
commits: the orchestrator does that.

Environment:
  ORCH_TASK_ID           task id from tasks.md, e.g. T003 (required)
  ORCH_PROMPT_FILE       markdown prompt for the task (required, must exist)
  ORCH_TASK_DESCRIPTION  task description (not needed: the prompt has it)
  ORCH_WORKTREE          worktree to write into (default: current directory)
"""

import os
import sys
from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parent / "solutions"


def fail(message: str) -> int:
    print(f"agent: {message}", file=sys.stderr)
    return 1


def main() -> int:
    task_id = os.environ.get("ORCH_TASK_ID", "").strip()
    if not task_id:
        return fail("ORCH_TASK_ID is not set")
    prompt_file = os.environ.get("ORCH_PROMPT_FILE", "")
    if not prompt_file or not Path(prompt_file).is_file():
        return fail(f"prompt file not found: {prompt_file or '(ORCH_PROMPT_FILE not set)'}")
    prompt = Path(prompt_file).read_text(encoding="utf-8")
    if not prompt.strip():
        return fail(f"prompt file is empty: {prompt_file}")

    solution = SOLUTIONS / task_id
    if not task_id.isalnum() or not solution.is_dir():
        return fail(f"unknown task id {task_id!r} (no solution in {SOLUTIONS})")
    worktree = Path(os.environ.get("ORCH_WORKTREE") or os.getcwd())
    if not worktree.is_dir():
        return fail(f"worktree not found: {worktree}")

    written = []
    for source in sorted(p for p in solution.rglob("*") if p.is_file()):
        if "__pycache__" in source.parts:
            continue
        relative = source.relative_to(solution)
        target = worktree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(relative.as_posix())

    print(f"{task_id}: wrote {', '.join(written)} (prompt read: {len(prompt)} chars)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
