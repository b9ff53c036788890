#!/usr/bin/env bash
# On paper, at scale: 1,000 agent tasks (lognormal durations, five chains of 40) on 20, 50 and 100 CI runners, each job
# paying a start-up cost: level-by-level waves, the engine's chain shards with waits, a per-task DAG (Buildkite), each
# against the lower bound. The shards are the engine's own (--emit=github-matrix). Usage: bench/distribution.sh [seed] [startup-seconds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="${1:-42}"
startup="${2:-30}"
work="$root/artifacts/bench-distribution"
rm -rf "$work" && mkdir -p "$work/repo"
dotnet build "$root/build/Orchestrator.Build.csproj" -c Release -o "$work/host" --verbosity quiet -nologo >/dev/null
git init --quiet --initial-branch=main "$work/repo"
git -C "$work/repo" config user.name bench && git -C "$work/repo" config user.email bench@localhost
echo base > "$work/repo/README.md" && git -C "$work/repo" add -A && git -C "$work/repo" commit -qm base
python3 "$root/bench/distribution.py" plan "$seed" 1000 "$work"
pairs=()
for runners in 20 50 100; do
  dotnet "$work/host/orchestrator.dll" --target=Planning --repo-path "$work/repo" --plan "$work/plan.json" \
    --artifacts "$work/artifacts-$runners" --shards="$runners" --emit=github-matrix > "$work/matrix-$runners.json" 2>/dev/null
  pairs+=("$runners" "$work/matrix-$runners.json")
done
echo "1,000 tasks, seed $seed, ${startup} s start-up per job; makespan (ratio to the lower bound)"
echo
echo "| Runners | Chain shards | Lower bound | Level-by-level waves | Chain shards with waits | Per-task DAG (Buildkite) |"
echo "|---|---|---|---|---|---|"
python3 "$root/bench/distribution.py" simulate "$work" "$startup" "${pairs[@]}"
