#!/usr/bin/env bash
# Merge benchmark: 16 tasks, one of which breaks the tests; test gating as one batch with bisection vs after each merge.
# The test command sleeps to stand in for a real suite. Usage: bench/merge.sh [tasks=16] [culprit=11] [suite-seconds=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks="${1:-16}" culprit="${2:-11}" suite="${3:-1}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

dotnet build "$root/build/Orchestrator.Build.csproj" --verbosity quiet --nologo >/dev/null
host="$root/build/bin/Debug/net10.0/orchestrator.dll"

plan="$scratch/plan.json"
{
  echo '{ "tasks": ['
  for i in $(seq 1 "$tasks"); do
    content="ok $i"; [ "$i" = "$culprit" ] && content="BROKEN"
    sep=","; [ "$i" = "$tasks" ] && sep=""
    echo "  { \"id\": \"T$i\", \"description\": \"Write f$i.txt\", \"parallel\": true, \"command\": \"sh -c 'echo $content > f$i.txt'\" }$sep"
  done
  echo '] }'
} >"$plan"

printf '%-8s %10s %14s %16s %s\n' strategy test_runs merge_wall_s run_wall_s test_failed
for strategy in batch each; do
  repo="$scratch/$strategy/repo" artifacts="$scratch/$strategy/artifacts"
  mkdir -p "$repo"
  git -C "$repo" init --quiet --initial-branch=main
  echo "# bench" >"$repo/README.md"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit --quiet -m base
  start=$(date +%s.%N)
  dotnet "$host" --repo-path "$repo" --plan "$plan" --artifacts "$artifacts" -c 4 --verbosity quiet \
    --merge-strategy="$strategy" --test-command "sleep $suite; ! cat f*.txt | grep -q BROKEN" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  merge="$artifacts/phase-state/05-Merge.json"
  python3 - "$merge" "$strategy" "$start" "$end" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
out = result["output_data"]
failed = ",".join(t["task"] for t in out["test_failed"]) or "-"
print(f'{sys.argv[2]:<8} {out["test_runs"]:>10} {result["duration_ms"] / 1000:>14.1f} {float(sys.argv[4]) - float(sys.argv[3]):>16.1f} {failed}')
PY
done
