#!/usr/bin/env bash
# Large plans and start-up, in CPU time and peak memory (/usr/bin/time), each next to its floor measured in the same run:
#   1. a 50,000-task JSON plan through Planning (--skip-phases=0,1 --target=Planning): CPU, peak RSS and the size of
#      state.json against the plan's, next to a Python parse + topological sort + write of the same plan;
#   2. --target=Planning on the bundled sample, next to a `dotnet` hello world.
# Three rounds each; the medians are printed. Usage: bench/plan-scale.sh [host-dir ...] (default: this checkout, Release)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/bench-plan-scale"
source "$root/bench/lib.sh"
bench_hosts "$@"
cpu() { # "user+sys seconds" "peak MB" of a command, its output dropped
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null 2>&1 || true
  read -r user system kb < <(tail -n 1 "$work/time") # after "Command exited with non-zero status N", if any
  echo "$(python3 -c "print(round($user + $system, 2))") $((kb / 1024))"
}

git init --quiet --initial-branch=main "$work/repo"
git -C "$work/repo" -c user.name=bench -c user.email=bench@localhost commit --quiet --allow-empty -m base
python3 "$root/bench/gen.py" big 7 50000 "$work/plan.json"
plan_bytes=$(stat -c %s "$work/plan.json")
cat > "$work/floor.py" <<'PY'
import json, sys
from graphlib import TopologicalSorter
tasks = json.load(open(sys.argv[1]))["tasks"]
order = list(TopologicalSorter({t["id"]: t.get("depends_on", []) for t in tasks}).static_order())
json.dump({"order": order, "tasks": tasks}, open(sys.argv[2], "w"))
PY

echo "== 1. 50,000-task JSON plan ($((plan_bytes / 1024 / 1024)) MB) through Planning $(load)"
floor_cpu=() floor_mb=()
for _ in 1 2 3; do
  read -r c m < <(cpu python3 "$work/floor.py" "$work/plan.json" "$work/floor-out.json")
  floor_cpu+=("$c") floor_mb+=("$m")
done
fc=$(median "${floor_cpu[@]}") fm=$(median "${floor_mb[@]}")
printf 'python parse + toposort + write: %.2f s CPU, %d MB (medians of %s / %s)\n' "$fc" "${fm%.*}" "${floor_cpu[*]}" "${floor_mb[*]}"
for host in "${hosts[@]}"; do
  cpus=() mbs=()
  for round in 1 2 3; do
    art="$work/art-$(basename "$host")-$round"
    read -r c m < <(cpu dotnet "$host/orchestrator.dll" --repo-path "$work/repo" --plan "$work/plan.json" --artifacts "$art" \
      --skip-phases=0,1 --target=Planning --verbosity=quiet)
    cpus+=("$c") mbs+=("$m")
  done
  state=$(stat -c %s "$art/phase-state/state.json")
  c=$(median "${cpus[@]}") m=$(median "${mbs[@]}")
  printf '%s: %.2f s CPU = %s x, %d MB = %s x (rounds %s / %s); state.json %d MB = %s x the plan\n' "$host" "$c" "$(ratio "$c" "$fc")" \
    "${m%.*}" "$(ratio "$m" "$fm")" "${cpus[*]}" "${mbs[*]}" "$((state / 1024 / 1024))" "$(ratio "$state" "$plan_bytes")"
done

echo "== 2. --target=Planning on the bundled sample's repository and tasks.md $(load)"
bench_sample_and_hello
hello=()
for _ in 1 2 3; do read -r c _ < <(cpu dotnet "$work/hello/out/hello.dll"); hello+=("$c"); done
hc=$(median "${hello[@]}")
printf 'dotnet hello world: %.2f s CPU (rounds %s)\n' "$hc" "${hello[*]}"
for host in "${hosts[@]}"; do
  cpus=()
  for round in 1 2 3; do
    read -r c _ < <(cpu dotnet "$host/orchestrator.dll" --repo-path "$work/sample" --plan "$work/sample/specs/001-bookshelf/tasks.md" \
      --artifacts "$work/sample-$(basename "$host")-$round" --target=Planning)
    cpus+=("$c")
  done
  c=$(median "${cpus[@]}")
  printf '%s: %.2f s CPU = %s x hello world (rounds %s)\n' "$host" "$c" "$(ratio "$c" "$hc")" "${cpus[*]}"
done
