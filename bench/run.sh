#!/usr/bin/env bash
# Prints the execution engine's figures: scheduling vs lower bound and make -j4, per-task overhead vs a plain git
# loop, and a 10,000-task plan through parse + validate + plan. Usage: bench/run.sh [seed]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="${1:-42}"
work="$root/artifacts/bench"
rm -rf "$work" && mkdir -p "$work"
dotnet build "$root/build/Orchestrator.Build.csproj" -c Release -o "$work/host" --verbosity quiet -nologo >/dev/null
host() { dotnet "$work/host/orchestrator.dll" "$@"; }
now() { date +%s.%N; }
new_repo() {
  git init --quiet --initial-branch=main "$1"
  git -C "$1" config user.name bench && git -C "$1" config user.email bench@localhost
}
phase_seconds() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['duration_ms']/1000)" "$1"; }

echo "== 1. Scheduling: random DAG, n=40, m=4, seed $seed"
mkdir -p "$work/dag" && new_repo "$work/dag/repo"
echo base > "$work/dag/repo/README.md" && git -C "$work/dag/repo" add -A && git -C "$work/dag/repo" commit -qm base
read -r critical total bound < <(python3 "$root/bench/gen.py" dag "$seed" 40 4 "$work/dag")
host --repo-path "$work/dag/repo" --plan "$work/dag/plan.json" --artifacts "$work/dag/artifacts" -c 4 --retries=0 \
     --target=ParallelExecution --verbosity=quiet >/dev/null
makespan=$(phase_seconds "$work/dag/artifacts/phase-state/04-ParallelExecution.json")
start=$(now); make -s -j4 -C "$work/dag" all; make_time=$(echo "$(now) - $start" | bc -l)
printf 'critical path %.2fs, total work %.2fs, lower bound %.2fs\n' "$critical" "$total" "$bound"
printf 'orchestrator makespan %.2fs = %.3f x lower bound\n' "$makespan" "$(echo "$makespan / $bound" | bc -l)"
printf 'make -j4 makespan     %.2fs; orchestrator / make = %.3f\n' "$make_time" "$(echo "$makespan / $make_time" | bc -l)"

echo "== 2. Per-task overhead: 50 no-op tasks on a repository of 1,000 files"
mkdir -p "$work/overhead" && new_repo "$work/overhead/repo"
for d in $(seq 1 20); do mkdir -p "$work/overhead/repo/src/d$d"; for f in $(seq 1 50); do echo "file $d/$f" > "$work/overhead/repo/src/d$d/f$f.txt"; done; done
git -C "$work/overhead/repo" add -A && git -C "$work/overhead/repo" commit -qm base
python3 "$root/bench/gen.py" noop 50 "$work/overhead/plan.json"
cp -r "$work/overhead/repo" "$work/overhead/floor-repo"
for c in 1 4; do
  start=$(now)
  host --repo-path "$work/overhead/repo" --plan "$work/overhead/plan.json" --artifacts "$work/overhead/artifacts-c$c" -c "$c" \
       --retries=0 --verbosity=quiet >/dev/null
  elapsed=$(echo "$(now) - $start" | bc -l)
  execution=$(phase_seconds "$work/overhead/artifacts-c$c/phase-state/04-ParallelExecution.json")
  merge=$(phase_seconds "$work/overhead/artifacts-c$c/phase-state/05-Merge.json")
  eval "orch_c$c=$elapsed; phases_c$c=$(echo "$execution + $merge" | bc -l)"
done
floor="$work/overhead/floor-repo"
start=$(now)
git -C "$floor" checkout -q -b integration
for i in $(seq -w 0 49); do
  wt="$work/overhead/floor-wt/N$i"
  git -C "$floor" worktree add -q --no-track -b "floor/N$i" "$wt" main
  touch "$wt/N$i.txt" && git -C "$wt" add -A && git -C "$wt" commit -qm "N$i"
  git -C "$floor" merge -q --no-edit "floor/N$i"
  git -C "$floor" worktree remove "$wt"
done
floor_time=$(echo "$(now) - $start" | bc -l)
printf 'plain git loop (worktree add, commit, merge, worktree remove) x50: %.2fs\n' "$floor_time"
for c in 1 4; do
  eval "whole=\$orch_c$c; phases=\$phases_c$c"
  printf 'orchestrator -c %s: whole run %.2fs (%.2f x floor); execution + merge phases %.2fs (%.2f x floor)\n' \
    "$c" "$whole" "$(echo "$whole / $floor_time" | bc -l)" "$phases" "$(echo "$phases / $floor_time" | bc -l)"
done

echo "== 3. Scale: 10,000-task JSON plan through parse + validate + plan"
mkdir -p "$work/scale" && new_repo "$work/scale/repo"
echo base > "$work/scale/repo/README.md" && git -C "$work/scale/repo" add -A && git -C "$work/scale/repo" commit -qm base
python3 "$root/bench/gen.py" big "$seed" 10000 "$work/scale/plan.json"
/usr/bin/time -f '%e %M' -o "$work/scale/time.txt" dotnet "$work/host/orchestrator.dll" --repo-path "$work/scale/repo" \
  --plan "$work/scale/plan.json" --artifacts "$work/scale/artifacts" --skip-phases=0,1 --target=Planning --verbosity=quiet >/dev/null
read -r seconds kilobytes < "$work/scale/time.txt"
planning=$(phase_seconds "$work/scale/artifacts/phase-state/02-Planning.json")
printf '10,000 tasks: whole process %.2fs (Planning phase %.2fs), peak RSS %d MB\n' "$seconds" "$planning" "$((kilobytes / 1024))"
