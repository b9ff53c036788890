#!/usr/bin/env bash
# The per-task cost of the run's containment (the run-wide outside-change guard, pinned and verified git, the sweep of
# leftover processes) against the old per-task guard of `main`, side by side in one run: `main` is built from a separate
# temporary clone, both builds run the same no-op tasks on a 1,000-file repository, alternating, and the script prints
# each one's ParallelExecution time per task and the difference. Usage: bench/guard.sh [rounds] [tasks] [old-ref]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
tasks="${2:-30}"
old_ref="${3:-main}"
work="$root/artifacts/bench-guard"
rm -rf "$work" && mkdir -p "$work"
git clone --quiet --shared --no-checkout "$root" "$work/old-src"
git -C "$work/old-src" checkout --quiet --detach "$(git -C "$root" rev-parse "$old_ref")"
dotnet build "$work/old-src/build/Orchestrator.Build.csproj" -c Release -o "$work/old" --verbosity quiet -nologo >/dev/null
dotnet build "$root/build/Orchestrator.Build.csproj" -c Release -o "$work/new" --verbosity quiet -nologo >/dev/null
repo="$work/repo"
git init --quiet --initial-branch=main "$repo"
git -C "$repo" config user.name bench && git -C "$repo" config user.email bench@localhost
for d in $(seq 1 20); do mkdir -p "$repo/src/d$d"; for f in $(seq 1 50); do echo "file $d/$f" > "$repo/src/d$d/f$f.txt"; done; done
git -C "$repo" add -A && git -C "$repo" commit -qm base
python3 "$root/bench/gen.py" noop "$tasks" "$work/plan.json"
phase_ms() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['duration_ms'])" "$1"; }
declare -A total=([old]=0 [new]=0)
echo "== $tasks no-op tasks, -c 4, $rounds rounds, old = $old_ref ($(git -C "$root" rev-parse --short "$old_ref")), new = this checkout (load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
for round in $(seq 1 "$rounds"); do
  for build in old new; do
    artifacts="$work/artifacts-$build-$round"
    dotnet "$work/$build/orchestrator.dll" --repo-path "$repo" --plan "$work/plan.json" --artifacts "$artifacts" -c 4 --retries=0 \
      --target=ParallelExecution --verbosity=quiet >/dev/null
    ms=$(phase_ms "$artifacts/phase-state/04-ParallelExecution.json")
    total[$build]=$((total[$build] + ms))
    printf 'round %d %-3s ParallelExecution %6d ms = %5.1f ms per task\n' "$round" "$build" "$ms" "$(echo "$ms / $tasks" | bc -l)"
    git -C "$repo" worktree prune
  done
done
old_per_task=$(echo "${total[old]} / ($rounds * $tasks)" | bc -l)
new_per_task=$(echo "${total[new]} / ($rounds * $tasks)" | bc -l)
printf 'mean per task: old %.1f ms, new %.1f ms; the new guarding costs %+.1f ms per task (new / old = %.2f)\n' \
  "$old_per_task" "$new_per_task" "$(echo "$new_per_task - $old_per_task" | bc -l)" "$(echo "$new_per_task / $old_per_task" | bc -l)"
