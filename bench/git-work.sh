#!/usr/bin/env bash
# The per-task git work of a run, each figure next to its floor measured in the same run:
#   1. git processes per task (no-op agents, whole run incl. Merge), counted with strace as the difference between a
#      30-task and a 10-task run, against the same count for a plain shell loop (worktree add, add, commit, merge,
#      worktree remove);
#   2. the most task worktrees on disk at once during ParallelExecution (sampled every 20 ms), against -c;
#   3. Merge of 100 non-conflicting branches on a 1,000-file and a near-empty repository (the Merge phase's own time),
#      against the same merge-tree/commit-tree/update-ref calls from a shell loop (the fastest of 3).
# Usage: bench/git-work.sh [host-dir ...]   (each host-dir holds an orchestrator.dll; default: this checkout, Release)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/bench-git-work"
source "$root/bench/lib.sh"
bench_hosts "$@"
new_repo() { # path files
  git init --quiet --initial-branch=main "$1"
  git -C "$1" config user.name bench && git -C "$1" config user.email bench@localhost
  echo base > "$1/README.md"
  for f in $(seq 1 "$2"); do mkdir -p "$1/src/d$((f % 20))"; echo "file $f" > "$1/src/d$((f % 20))/f$f.txt"; done
  git -C "$1" add -A && git -C "$1" commit -qm base
}
# "calls top+children": git processes started by the program, then with the ones git starts itself (hooks' helpers,
# `reset` under `worktree add`, `maintenance --auto` after a commit).
git_execs() { echo "$(grep -E 'execve\("/usr/bin/git", ' "$1" | grep -vc ' = -1 ') $(grep -E 'execve\("[^"]*/git", ' "$1" | grep -vc ' = -1 ')"; }
per_task() { python3 -c "import sys; a=sys.argv[1].split(); b=sys.argv[2].split(); print(f'{(int(a[0])-int(b[0]))/20:g} {(int(a[1])-int(b[1]))/20:g}')" "$1" "$2"; }
count_dirs() { if [ -d "$1" ]; then find "$1" -mindepth 2 -maxdepth 2 -type d | wc -l; else echo 0; fi; } # worktrees/<run>/<task>
phase_s() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['duration_ms']/1000)" "$1"; }

floor_loop_execs() { # tasks -> git processes of the plain loop
  local repo="$work/floor-$1" trace="$work/floor-$1.trace"
  new_repo "$repo" 100
  strace -f -qq -e trace=execve -o "$trace" bash -c '
    repo=$1; n=$2
    git -C "$repo" checkout -q -b integration
    for i in $(seq 1 "$n"); do
      wt="$repo.wt/N$i"
      git -C "$repo" worktree add -q --no-track -b "floor/N$i" "$wt" main
      touch "$wt/N$i.txt" && git -C "$wt" add -A && git -C "$wt" commit -qm "N$i"
      git -C "$repo" merge -q --no-edit "floor/N$i"
      git -C "$repo" worktree remove --force "$wt"
    done' _ "$repo" "$1"
  git_execs "$trace"
}

run_execs() { # host tasks -> git processes of a whole run
  local name; name="$(basename "$1")-$2"
  new_repo "$work/calls-$name" 100
  python3 "$root/bench/gen.py" noop "$2" "$work/calls-$name.json"
  strace -f -qq -e trace=execve -o "$work/calls-$name.trace" dotnet "$1/orchestrator.dll" --repo-path "$work/calls-$name" \
    --plan "$work/calls-$name.json" --artifacts "$work/calls-$name.art" -c 4 --retries=0 --verbosity=quiet >/dev/null || true
  git_execs "$work/calls-$name.trace"
}

echo "== 1. git processes per task, no-op agents, -c 4, whole run incl. Merge, 100-file repository $(load)"
read -r floor floor_all < <(per_task "$(floor_loop_execs 30)" "$(floor_loop_execs 10)")
printf 'plain loop: %s git processes per task (%s with the ones git starts itself)\n' "$floor" "$floor_all"
for host in "${hosts[@]}"; do
  read -r per per_all < <(per_task "$(run_execs "$host" 30)" "$(run_execs "$host" 10)")
  printf '%s: %s git processes per task = %s x the loop (%s with git'"'"'s own = %s x)\n' \
    "$host" "$per" "$(ratio "$per" "$floor")" "$per_all" "$(ratio "$per_all" "$floor_all")"
done

echo "== 2. task worktrees on disk at once, 40 no-op tasks, -c 4 $(load)"
for host in "${hosts[@]}"; do
  name="disk-$(basename "$host")"
  new_repo "$work/$name" 1000
  python3 "$root/bench/gen.py" noop 40 "$work/$name.json"
  dotnet "$host/orchestrator.dll" --repo-path "$work/$name" --plan "$work/$name.json" --artifacts "$work/$name.art" -c 4 \
    --retries=0 --target=ParallelExecution --verbosity=quiet >/dev/null &
  pid=$! most=0
  while kill -0 "$pid" 2>/dev/null; do
    now=$(count_dirs "$work/$name.art/worktrees")
    [ "$now" -gt "$most" ] && most=$now
    sleep 0.02
  done
  wait "$pid" || true
  left=$(count_dirs "$work/$name.art/worktrees")
  printf '%s: at most %s at once (floor -c = 4: %s x), %s left after ParallelExecution\n' "$host" "$most" "$(ratio "$most" 4)" "$left"
done

echo "== 3. Merge of 100 non-conflicting branches $(load)"
merge_loop() { # repo -> seconds for the loop over the run's task branches (fastest of 3)
  local best=999
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    bash -c '
      repo=$1; head=$(git -C "$repo" rev-parse main)
      for branch in $(git -C "$repo" for-each-ref --format="%(refname)" "refs/heads/orchestrator/" | grep -v /integration); do
        tree=$(git -C "$repo" merge-tree --write-tree "$head" "$branch")
        commit=$(git -C "$repo" commit-tree -p "$head" -p "$branch" -m "Merge $branch" "$tree")
        git -C "$repo" update-ref refs/heads/floor-integration "$commit"
        head=$commit
      done' _ "$1"
    end=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $end - $start))")
  done
  echo "$best"
}
for files in 1000 1; do
  for host in "${hosts[@]}"; do
    name="merge-$files-$(basename "$host")"
    new_repo "$work/$name" "$files"
    python3 "$root/bench/gen.py" noop 100 "$work/$name.json"
    args=(--repo-path "$work/$name" --plan "$work/$name.json" --artifacts "$work/$name.art" -c 4 --retries=0 --verbosity=quiet)
    dotnet "$host/orchestrator.dll" "${args[@]}" --target=ParallelExecution >/dev/null
    dotnet "$host/orchestrator.dll" "${args[@]}" --resume --target=Merge >/dev/null
    execution=$(phase_s "$work/$name.art/phase-state/04-ParallelExecution.json")
    merge=$(phase_s "$work/$name.art/phase-state/05-Merge.json")
    floor=$(merge_loop "$work/$name")
    printf '%5s-file repository, %s: Merge %.2fs, shell loop %.2fs: %s x (ParallelExecution %.1fs)\n' \
      "$files" "$host" "$merge" "$floor" "$(ratio "$merge" "$floor")" "$execution"
  done
done
