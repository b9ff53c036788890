#!/usr/bin/env bash
# Phase 0 (ContextGathering) timings, cold (index built) and cached (index loaded by tree hash), on this repository,
# on a generated repository of 5,000 files and on a real source tree made of what is on the machine (the Python standard
# library, /usr/include, global node modules, Perl's library and this repository's src and tests: ~14,600 files);
# the cold build is set against its floor, one `git cat-file --batch` reading every blob of the same tree, and phase 0
# with a new plan on the same tree against `git grep` for that plan's words, both timed in this run, round after round.
# With a base ref, that ref's host runs beside this checkout's, alternating, round after round, on the real tree only,
# with the process's CPU time (user + system) and CPU / wall (how much of the run both cores were busy).
# Usage: bench/context-phase0.sh [file-count] [rounds] [base-ref]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh" # real_tree; its ratio is replaced below by one printed to one decimal
files="${1:-5000}"
rounds="${2:-3}"
base="${3:-}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Release, ReadyToRun: the host as build.sh builds it.
build_host() { dotnet build "$1/build/Orchestrator.Build.csproj" -c Release -p:OrchestratorReadyToRun=true --verbosity quiet -o "$2" >/dev/null; }
build_host "$root" "$scratch/host"
if [ -n "$base" ]; then
  mkdir -p "$scratch/base-src"
  git -C "$root" archive "$base" | tar -x -C "$scratch/base-src"
  build_host "$scratch/base-src" "$scratch/base-host"
fi

generate() {
  python3 - "$1" "$2" <<'PY'
import os, random, sys
target, count = sys.argv[1], int(sys.argv[2])
random.seed(7)
words = "account basket catalogue invoice order payment product refund report search session shipment stock tax user".split()
verbs = "build compute fetch find load parse render save send update validate".split()
def name(): return random.choice(verbs) + "_" + random.choice(words) + "_" + str(random.randint(0, 999))
def camel(): return random.choice(words).title() + random.choice(words).title() + str(random.randint(0, 99))
for i in range(count):
    area = words[i % len(words)]
    kind = i % 4
    if kind == 0:
        path, body = f"src/{area}/m{i}.py", "\n\n".join(f"def {name()}(value):\n    return value * {j}\n" for j in range(12))
    elif kind == 1:
        body = "namespace Shop;\n\n" + "\n".join(f"public sealed class {camel()}\n{{\n    public int {camel()}() => {j};\n}}\n" for j in range(8))
        path = f"src/{area}/C{i}.cs"
    elif kind == 2:
        path, body = f"web/{area}/f{i}.ts", "\n".join(f"export function {camel()}(x: number) {{ return x + {j}; }}" for j in range(15))
    else:
        path, body = f"docs/{area}/n{i}.md", f"# {area} note {i}\n\n" + " ".join(random.choice(words) for _ in range(300)) + "\n"
    full = os.path.join(target, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as handle:
        handle.write(body)
PY
  git -C "$1" init --quiet --initial-branch=main
  git -C "$1" add --all
  git -C "$1" -c user.name=bench -c user.email=bench@localhost commit --quiet -m "generated $2 files"
}

floor_ms() { # one git cat-file --batch reading every blob of HEAD's tree
  python3 - "$1" <<'PY'
import subprocess, sys, time
repo = sys.argv[1]
blobs = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "HEAD"], capture_output=True, text=True, check=True).stdout
ids = "".join(line.split()[2] + "\n" for line in blobs.splitlines() if line.split()[1] == "blob")
start = time.monotonic()
subprocess.run(["git", "-C", repo, "cat-file", "--batch"], input=ids.encode(), stdout=subprocess.DEVNULL, check=True)
print(round((time.monotonic() - start) * 1000))
PY
}

grep_ms() { # git grep over the tree for the words of the new plan's tasks (what phase 0 would otherwise scan for)
  python3 - "$1" "$scratch/plan2.json" <<'PY'
import json, re, subprocess, sys, time
repo, plan = sys.argv[1], json.load(open(sys.argv[2]))
words = sorted({w.lower() for t in plan["tasks"] for w in re.findall(r"[A-Za-z]{3,}", t["description"])} - {"the", "and", "when", "its", "before"})
start = time.monotonic()
subprocess.run(["git", "-C", repo, "grep", "-I", "-l", "-i", "-F", *[a for w in words for a in ("-e", w)]], stdout=subprocess.DEVNULL)
print(round((time.monotonic() - start) * 1000))
PY
}

cat > "$scratch/plan.json" <<'JSON'
{ "tasks": [
  { "id": "T1", "description": "Validate the tax rate before an invoice payment is saved", "files": ["src/tax/validation.py"] },
  { "id": "T2", "description": "Show the quorum decision and its confidence in the search report", "files": ["docs/report.md"], "depends_on": ["T1"] },
  { "id": "T3", "description": "Parse the product catalogue when loading a session", "files": ["src/catalogue/loader.py"] }
] }
JSON

sed 's/Validate the tax rate/Check the tax rate/' "$scratch/plan.json" > "$scratch/plan2.json"

phase0() { # repo artifacts [plan] [host] -> "duration_ms index_ms cache_hit indexed_files tracked_files stages cpu_s wall_s"
  # A time file of its own per call: it runs in a process substitution, whose last step may still be going when the
  # caller, having read its line, starts the next call.
  local times
  times="$(mktemp "$scratch/time.XXXXXX")"
  /usr/bin/time -f "%U %S %e" -o "$times" dotnet "${4:-$scratch/host}/orchestrator.dll" --repo-path="$1" --artifacts="$2" \
    --plan="${3:-$scratch/plan.json}" --target=ContextGathering --verbosity=quiet >/dev/null
  python3 - "$2/phase-state/00-ContextGathering.json" "$times" <<'PY'
import json, sys
phase = json.load(open(sys.argv[1]))
out = phase["output_data"]
build = out["timings_ms"].get("build") or {}
stages = ",".join(f"{k}={v}" for k, v in build.items()) or "-"
user, system, wall = (float(x) for x in open(sys.argv[2]).read().split()[-3:])
print(phase["duration_ms"], out["timings_ms"]["index"], out["cache_hit"], out["index"]["indexed_files"], out["index"]["tracked_files"], stages,
      round(user + system, 2), wall)
PY
  rm -f "$times"
}

ratio() { python3 -c "print(round($1 / max($2, 1), 1))"; }

report() { # label repo
  local artifacts="$scratch/artifacts-$RANDOM"
  local floor grep
  floor="$(floor_ms "$2")"
  read -r cold cold_index cold_hit indexed tracked stages _ < <(phase0 "$2" "$artifacts")
  read -r warm warm_index warm_hit _ _ _ < <(phase0 "$2" "$artifacts")
  read -r replanned replanned_index _ _ _ _ < <(phase0 "$2" "$artifacts" "$scratch/plan2.json")
  grep="$(grep_ms "$2")"
  rm -rf "$artifacts"
  printf '%-22s %5s files (%s indexed)  cold %5s ms (index %5s)  cached %4s ms (hit=%s) %5sx  new plan, same tree %4s ms (index %4s)\n' \
    "$1" "$tracked" "$indexed" "$cold" "$cold_index" "$warm" "$warm_hit" "$(ratio "$cold" "$warm")" "$replanned" "$replanned_index"
  printf '%-22s cold: phase %5s ms = %sx, index build %5s ms = %sx the git cat-file --batch floor (%s ms); stages ms: %s\n' \
    "" "$cold" "$(ratio "$cold" "$floor")" "$cold_index" "$(ratio "$cold_index" "$floor")" "$floor" "$stages"
  printf '%-22s new plan, same tree: phase %4s ms = %sx git grep for its words (%s ms)\n' "" "$replanned" "$(ratio "$replanned" "$grep")" "$grep"
}

side_by_side() { # repo: the cold build with the base's host, then this checkout's, each against the floor timed just before it
  local label host floor artifacts
  for label in "$base" "this checkout"; do
    host="$scratch/host" && [ "$label" = "$base" ] && host="$scratch/base-host"
    floor="$(floor_ms "$1")"
    artifacts="$scratch/artifacts-$RANDOM"
    read -r cold cold_index _ _ _ stages cpu wall < <(phase0 "$1" "$artifacts" "$scratch/plan.json" "$host")
    rm -rf "$artifacts"
    printf '%-14s cold: phase %5s ms = %sx, index build %5s ms = %sx the cat-file floor (%s ms); process %s s CPU, %s s wall, CPU / wall %s; stages ms: %s\n' \
      "$label" "$cold" "$(ratio "$cold" "$floor")" "$cold_index" "$(ratio "$cold_index" "$floor")" "$floor" "$cpu" "$wall" \
      "$(python3 -c "print(round($cpu / $wall, 2))")" "$stages"
  done
}

real_tree "$scratch/real"
if [ -n "$base" ]; then
  echo "phase 0 cold on the real tree, $base beside this checkout, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
  for round in $(seq "$rounds"); do
    echo "round $round (load average $(cut -d' ' -f1 /proc/loadavg))"
    side_by_side "$scratch/real"
  done
  exit 0
fi

generate "$scratch/generated" "$files"
echo "phase 0 (ContextGathering) with a 3-task plan, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d);" \
  "durations are the whole phase (00-ContextGathering.json)"
for round in $(seq "$rounds"); do
  echo "round $round"
  report "this repository" "$root"
  report "generated repository" "$scratch/generated"
  report "real source tree" "$scratch/real"
done