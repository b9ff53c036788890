#!/usr/bin/env bash
# Retrieval quality kept across a change to phase 0: the same plan's queries run by the host built from a base ref and
# by this working tree's host, on this repository and on the real source tree of bench/context-phase0.sh; every ranked
# item and task hit (path, score, line range, matched terms) must be the same.
# Usage: bench/context-ranking.sh [base-ref]   (default: main)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:-main}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

mkdir -p "$scratch/base-src"
git -C "$root" archive "$base" | tar -x -C "$scratch/base-src"
dotnet build "$scratch/base-src/build/Orchestrator.Build.csproj" -c Release --verbosity quiet -o "$scratch/base" >/dev/null
dotnet build "$root/build/Orchestrator.Build.csproj" -c Release --verbosity quiet -o "$scratch/head" >/dev/null

cat > "$scratch/plan.json" <<'JSON'
{ "tasks": [
  { "id": "T1", "description": "Read many blobs through one git cat-file batch process and stream them into the analysis" },
  { "id": "T2", "description": "Estimate the token count of source text without a BPE vocabulary" },
  { "id": "T3", "description": "Parse the JSON plan and order tasks by their dependencies" },
  { "id": "T4", "description": "Merge the task branches with merge-tree and update the ref" },
  { "id": "T5", "description": "Python socket server handling http requests with ssl certificates" },
  { "id": "T6", "description": "perl regular expression unicode property tables" }
] }
JSON

ranked() { # host repo -> one line per plan item and task hit
  local artifacts="$scratch/artifacts-$RANDOM"
  dotnet "$1/orchestrator.dll" --repo-path="$2" --artifacts="$artifacts" --plan="$scratch/plan.json" --target=ContextGathering --verbosity=quiet >/dev/null
  python3 - "$artifacts/phase-state/00-ContextGathering.json" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))["output_data"]
for item in out["items"]: print("plan", item["path"], item["score"], item["why"])
for task in out["tasks"]:
    for hit in task["hits"]: print(task["task"], hit["path"], hit["score"], hit["why"])
PY
  rm -rf "$artifacts"
}

source "$root/bench/lib.sh"
real_tree "$scratch/real"
status=0
for repo in "$root" "$scratch/real"; do
  ranked "$scratch/base" "$repo" > "$scratch/base.txt"
  ranked "$scratch/head" "$repo" > "$scratch/head.txt"
  if diff -u "$scratch/base.txt" "$scratch/head.txt"; then
    echo "$(basename "$repo"): the same $(wc -l < "$scratch/head.txt") ranked items and task hits as $base"
  else
    status=1
  fi
done
exit "$status"
