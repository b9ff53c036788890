#!/usr/bin/env bash
# Scheduling overhead on random DAGs (n=40, m=4, lognormal 0.3-3 s `sleep` tasks), per seed and per host build, side by
# side in one run: the orchestrator's makespan (journal, first start to last end) against the same policy simulated with
# zero overhead and against `make -j4` on the same DAG as a Makefile; and the simulation against make, which says
# whether <= 0.95 x make is reachable at all on that seed. Then where the time went, from the journal's timestamps:
# per task, the time an attempt spent on top of its `sleep` (worktree, guard, commit, journal) and the time from what let
# it start (the last task to end before it: a dependency, or a slot given back) to its start, both summed along the
# actual schedule's critical chain (walked back from the last task through what let each one start).
# Usage: bench/scheduling.sh [host-dir ...]   (each holds an orchestrator.dll; default: this checkout, Release)
#        SEEDS="7 42 123" ROUNDS=1 to change the seeds or run each host more than once (the median is printed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/bench-scheduling"
source "$root/bench/lib.sh"
bench_hosts "$@"
seeds="${SEEDS:-7 42 123}"
rounds="${ROUNDS:-1}"
profile() { # journal plan -> "makespan attempt-overhead-ms start-latency-ms critical-chain-overhead-s chain-length"
  python3 - "$1" "$2" <<'PY'
import json, sys, datetime
at = lambda e: datetime.datetime.fromisoformat(e["at"].rstrip("Z")[:26])
entries = [json.loads(l) for l in open(sys.argv[1])]
plan = {t["id"]: t for t in json.load(open(sys.argv[2]))["tasks"]}
start = {}
for e in entries:
    if e["status"] == "running":
        start.setdefault(e["task"], at(e))
end = {e["task"]: at(e) for e in entries if e["status"] == "completed"}
first = min(start.values())
overhead = {t: (end[t] - start[t]).total_seconds() - plan[t]["estimate_seconds"] for t in end}
# What let each task start: the latest end before its start (a dependency done, or a slot given back), or the phase.
def enabler(t):
    before = [u for u in end if end[u] <= start[t]]
    return max(before, key=lambda u: end[u]) if before else None
latency = {t: (start[t] - (end[e] if (e := enabler(t)) else first)).total_seconds() for t in start}
# The actual schedule's critical chain, walked back from the last task to end through what let each task start.
task, chain, links = max(end, key=end.get), 0.0, 0
while task is not None:
    chain += overhead[task] + latency[task]
    links += 1
    task = enabler(task)
mean = lambda xs: 1000 * sum(xs) / max(len(xs), 1)
print(f"{(max(end.values()) - first).total_seconds():.3f} {mean(overhead.values()):.0f} {mean(latency.values()):.0f} {chain:.2f} {links}")
PY
}
ratio3() { python3 -c "print(f'{$1 / max($2, 1e-9):.3f}')"; }

echo "== Scheduling, random DAG n=40, m=4, seeds $seeds, $rounds round(s) $(load)"
for seed in $seeds; do
  dag="$work/dag-$seed"
  mkdir -p "$dag"
  git init --quiet --initial-branch=main "$dag/repo"
  git -C "$dag/repo" config user.name bench && git -C "$dag/repo" config user.email bench@localhost
  echo base > "$dag/repo/README.md" && git -C "$dag/repo" add -A && git -C "$dag/repo" commit -qm base
  read -r critical total bound simulated best < <(python3 "$root/bench/gen.py" dag "$seed" 40 4 "$dag")
  makes=()
  declare -A spans=() profiles=()
  for round in $(seq 1 "$rounds"); do
    start=$(now); make -s -j4 -C "$dag" all; makes+=("$(echo "$(now) - $start" | bc -l)")
    for host in "${hosts[@]}"; do
      artifacts="$dag/artifacts-$(basename "$host")-$round"
      dotnet "$host/orchestrator.dll" --repo-path "$dag/repo" --plan "$dag/plan.json" --artifacts "$artifacts" -c 4 --retries=0 \
        --target=ParallelExecution --verbosity=quiet >/dev/null
      # Each run starts from the same repository: the run's branches are deleted (every look reads every ref).
      git -C "$dag/repo" for-each-ref --format='delete %(refname)' refs/heads/orchestrator/ | git -C "$dag/repo" update-ref --stdin
      read -r span in_attempt latency chain links < <(profile "$artifacts/phase-state/journal.jsonl" "$dag/plan.json")
      spans[$host]="${spans[$host]:-} $span"
      profiles[$host]="last round, per task: ${in_attempt} ms in its attempt beside its sleep, started ${latency} ms after what let it; ${chain} s of that on the critical chain of ${links} tasks"
    done
  done
  make_time=$(median "${makes[@]}")
  printf 'seed %s: critical path %.2fs, lower bound %.2fs; simulated %.2fs (best of 20,000 random orders %.2fs); make -j4 %.2fs; simulated / make = %s\n' \
    "$seed" "$critical" "$bound" "$simulated" "$best" "$make_time" "$(ratio3 "$simulated" "$make_time")"
  for host in "${hosts[@]}"; do
    # shellcheck disable=SC2086
    span=$(median ${spans[$host]})
    printf '  %s: makespan %.2fs = %s x simulated, %s x make (%s)\n' \
      "$host" "$span" "$(ratio3 "$span" "$simulated")" "$(ratio3 "$span" "$make_time")" "${profiles[$host]}"
  done
  unset spans profiles
done
