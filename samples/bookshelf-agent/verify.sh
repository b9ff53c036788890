#!/usr/bin/env bash
# Proves the bookshelf sample is well formed: the tests fail on the base, fail
# when any single task's work is missing, and pass once every task is applied.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="$here/../bookshelf"
agent="$here/agent.py"
tasks_md="$base/specs/001-bookshelf/tasks.md"
test_cmd=(python3 -m unittest discover -s tests -t .)

# Task ids in file order (tasks.md lists them in a valid topological order).
mapfile -t tasks < <(grep -oE '^- \[[ xX]\] T[0-9]+' "$tasks_md" | grep -oE 'T[0-9]+')
[ "${#tasks[@]}" -gt 0 ] || { echo "no tasks found in $tasks_md" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
prompt="$scratch/prompt.md"
printf '# Task\n\nImplement the task described in ORCH_TASK_DESCRIPTION.\n' > "$prompt"

# fresh_repo DIR: copy the base into DIR and commit it, like the orchestrator.
fresh_repo() {
  mkdir -p "$1" && cp -R "$base"/. "$1"/
  git -C "$1" init -q
  git -C "$1" add -A
  git -C "$1" -c user.name=verify -c user.email=verify@example.invalid commit -qm "base"
}

# apply_tasks DIR SKIP: run the agent for every task except SKIP, in order.
apply_tasks() {
  local dir="$1" skip="$2" t
  for t in "${tasks[@]}"; do
    [ "$t" = "$skip" ] && continue
    (cd "$dir" && ORCH_TASK_ID="$t" ORCH_TASK_DESCRIPTION="task $t" \
       ORCH_PROMPT_FILE="$prompt" ORCH_WORKTREE="$dir" python3 "$agent" >/dev/null)
  done
}

# expect pass|fail DIR LABEL
failures=0
expect() {
  local want="$1" dir="$2" label="$3" got
  if (cd "$dir" && "${test_cmd[@]}" >"$dir.log" 2>&1); then got=pass; else got=fail; fi
  if [ "$got" = "$want" ]; then
    printf 'ok    %-28s tests %s (%s)\n' "$label" "$got" "$(tail -n 1 "$dir.log")"
  else
    printf 'FAIL  %-28s tests %s, expected %s\n' "$label" "$got" "$want"
    sed 's/^/      | /' "$dir.log" | tail -n 20
    failures=$((failures + 1))
  fi
}

echo "tasks: ${tasks[*]}"
echo "test command: ${test_cmd[*]}"

fresh_repo "$scratch/base"
expect fail "$scratch/base" "base"

for t in "${tasks[@]}"; do
  fresh_repo "$scratch/without-$t"
  apply_tasks "$scratch/without-$t" "$t"
  expect fail "$scratch/without-$t" "all tasks except $t"
done

fresh_repo "$scratch/all"
apply_tasks "$scratch/all" ""
apply_tasks "$scratch/all" ""   # idempotence: a second run changes nothing
expect pass "$scratch/all" "all tasks"
if git -C "$scratch/all" status --porcelain | grep -v '^??'; then
  echo "FAIL  agent modified committed base files"; failures=$((failures + 1))
fi

# The agent must refuse unknown tasks and missing prompts.
if ORCH_TASK_ID=T999 ORCH_PROMPT_FILE="$prompt" python3 "$agent" 2>/dev/null; then
  echo "FAIL  unknown task id accepted"; failures=$((failures + 1))
else echo "ok    unknown task id rejected"; fi
if (cd "$scratch/base" && ORCH_TASK_ID=T001 ORCH_PROMPT_FILE="$scratch/nope.md" python3 "$agent" 2>/dev/null); then
  echo "FAIL  missing prompt accepted"; failures=$((failures + 1))
else echo "ok    missing prompt rejected"; fi

if [ "$failures" -ne 0 ]; then echo "verify: $failures check(s) failed"; exit 1; fi
echo "verify: all checks passed"
