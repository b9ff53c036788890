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
load() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"; }
journal_span() {
  python3 - "$1" <<'PY'
import json, sys, datetime
at = [datetime.datetime.fromisoformat(json.loads(l)["at"].rstrip("Z")[:26]) for l in open(sys.argv[1])]
print((max(at) - min(at)).total_seconds())
PY
}
phase_seconds() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['duration_ms']/1000)" "$1"; }

echo "== 1. Scheduling: random DAG, n=40, m=4, seed $seed $(load)"
mkdir -p "$work/dag" && new_repo "$work/dag/repo"
echo base > "$work/dag/repo/README.md" && git -C "$work/dag/repo" add -A && git -C "$work/dag/repo" commit -qm base
read -r critical total bound simulated best < <(python3 "$root/bench/gen.py" dag "$seed" 40 4 "$work/dag")
host --repo-path "$work/dag/repo" --plan "$work/dag/plan.json" --artifacts "$work/dag/artifacts" -c 4 --retries=0 \
     --target=ParallelExecution --verbosity=quiet >/dev/null
phase=$(phase_seconds "$work/dag/artifacts/phase-state/04-ParallelExecution.json")
makespan=$(journal_span "$work/dag/artifacts/phase-state/journal.jsonl")
start=$(now); make -s -j4 -C "$work/dag" all; make_time=$(echo "$(now) - $start" | bc -l)
printf 'critical path %.2fs, total work %.2fs, lower bound %.2fs\n' "$critical" "$total" "$bound"
printf 'ready queue, simulated with zero overhead: %.2fs = %.3f x lower bound\n' "$simulated" "$(echo "$simulated / $bound" | bc -l)"
printf 'best of 20,000 random-priority schedules (simulated): %.2fs; ours / best = %.3f\n' "$best" "$(echo "$simulated / $best" | bc -l)"
printf 'orchestrator makespan %.2fs (first start to last end) = %.3f x lower bound; whole phase %.2fs\n' \
  "$makespan" "$(echo "$makespan / $bound" | bc -l)" "$phase"
printf 'make -j4 makespan     %.2fs; orchestrator / make = %.3f\n' "$make_time" "$(echo "$makespan / $make_time" | bc -l)"

echo "== 2. Per-task overhead: 50 no-op tasks on a repository of 1,000 files $(load)"
thousand_files() {
  new_repo "$1"
  for d in $(seq 1 20); do mkdir -p "$1/src/d$d"; for f in $(seq 1 50); do echo "file $d/$f" > "$1/src/d$d/f$f.txt"; done; done
  git -C "$1" add -A && git -C "$1" commit -qm base
}
mkdir -p "$work/overhead" && thousand_files "$work/overhead/repo"
python3 "$root/bench/gen.py" noop 50 "$work/overhead/plan.json"
floor_loop() {
  local floor="$work/overhead/floor-$1" start
  thousand_files "$floor"
  start=$(now)
  git -C "$floor" checkout -q -b integration
  for i in $(seq -w 0 49); do
    wt="$work/overhead/floor-wt-$1/N$i"
    git -C "$floor" worktree add -q --no-track -b "floor/N$i" "$wt" main
    touch "$wt/N$i.txt" && git -C "$wt" add -A && git -C "$wt" commit -qm "N$i"
    git -C "$floor" merge -q --no-edit "floor/N$i"
    git -C "$floor" worktree remove --force "$wt"
  done
  echo "$(now) - $start" | bc -l
}
# The machine is shared: the floor is measured before and after the orchestrator runs, and the faster one is used.
floor_before=$(floor_loop before)
for c in 1 4; do
  start=$(now)
  host --repo-path "$work/overhead/repo" --plan "$work/overhead/plan.json" --artifacts "$work/overhead/artifacts-c$c" -c "$c" \
       --retries=0 --verbosity=quiet >/dev/null
  elapsed=$(echo "$(now) - $start" | bc -l)
  execution=$(phase_seconds "$work/overhead/artifacts-c$c/phase-state/04-ParallelExecution.json")
  merge=$(phase_seconds "$work/overhead/artifacts-c$c/phase-state/05-Merge.json")
  eval "orch_c$c=$elapsed; phases_c$c=$(echo "$execution + $merge" | bc -l)"
done
floor_after=$(floor_loop after)
floor_time=$(echo "if ($floor_before < $floor_after) $floor_before else $floor_after" | bc -l)
printf 'plain git loop (worktree add, commit, merge, worktree remove) x50: %.2fs before, %.2fs after\n' "$floor_before" "$floor_after"
for c in 1 4; do
  eval "whole=\$orch_c$c; phases=\$phases_c$c"
  printf 'orchestrator -c %s: whole run %.2fs (%.2f x floor); execution + merge phases %.2fs (%.2f x floor)\n' \
    "$c" "$whole" "$(echo "$whole / $floor_time" | bc -l)" "$phases" "$(echo "$phases / $floor_time" | bc -l)"
done

echo "== 3. Scale: 10,000-task JSON plan through parse + validate + plan $(load)"
mkdir -p "$work/scale" && new_repo "$work/scale/repo"
echo base > "$work/scale/repo/README.md" && git -C "$work/scale/repo" add -A && git -C "$work/scale/repo" commit -qm base
python3 "$root/bench/gen.py" big "$seed" 10000 "$work/scale/plan.json"
/usr/bin/time -f '%e %U %S %M' -o "$work/scale/time.txt" dotnet "$work/host/orchestrator.dll" --repo-path "$work/scale/repo" \
  --plan "$work/scale/plan.json" --artifacts "$work/scale/artifacts" --skip-phases=0,1 --target=Planning --verbosity=quiet >/dev/null
read -r seconds user system kilobytes < "$work/scale/time.txt"
planning=$(phase_seconds "$work/scale/artifacts/phase-state/02-Planning.json")
printf '10,000 tasks: whole process %.2fs wall, %.2fs CPU (Planning phase %.2fs), peak RSS %d MB\n' \
  "$seconds" "$(echo "$user + $system" | bc -l)" "$planning" "$((kilobytes / 1024))"
