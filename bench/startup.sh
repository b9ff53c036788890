#!/usr/bin/env bash
# Start-up: `--target=Planning` on the bundled sample's repository and tasks.md (phases 0-2, a fresh artifacts folder
# each time), in CPU time (user + system of the whole process tree, as wait4 reports it: the rusage of the waited-for
# children, to the millisecond where /usr/bin/time prints hundredths), next to a `dotnet` hello world
# measured in the same run. The programs run in turns, round after round, so that the machine's load falls on all of
# them alike; the medians are printed, with each round's figures.
# Usage: bench/startup.sh [host-dir ...]   (each holds an orchestrator.dll; default: this checkout, Release, ReadyToRun)
#        ROUNDS=9 bench/startup.sh ...     (7 by default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/bench-startup"
source "$root/bench/lib.sh"
bench_hosts "$@"
rounds="${ROUNDS:-7}"
cpu() { # user+sys seconds of a command and every process it waited for (git), its output dropped; to the millisecond
  python3 -c 'import resource, subprocess, sys
def used(): # taken before and after: Python may have started processes of its own
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
before = used()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(round(used() - before, 3))' "$@"
}

bench_sample_and_hello

echo "== --target=Planning on the bundled sample, $rounds rounds $(load)"
hello=()
declare -A runs
for round in $(seq 1 "$rounds"); do
  hello+=("$(cpu dotnet "$work/hello/out/hello.dll")")
  for i in "${!hosts[@]}"; do
    runs[$i]+="$(cpu dotnet "${hosts[$i]}/orchestrator.dll" --repo-path "$work/sample" \
      --plan "$work/sample/specs/001-bookshelf/tasks.md" --artifacts "$work/art-$i-$round" --target=Planning) "
  done
done
hc=$(median "${hello[@]}")
printf 'dotnet hello world: %.3f s CPU (rounds %s)\n' "$hc" "${hello[*]}"
for i in "${!hosts[@]}"; do
  read -ra cpus <<< "${runs[$i]}"
  c=$(median "${cpus[@]}")
  printf '%s: %.3f s CPU = %s x hello world (rounds %s)\n' "${hosts[$i]}" "$c" "$(ratio "$c" "$hc")" "${cpus[*]}"
done
echo "(finished $(load))"
