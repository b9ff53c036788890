#!/usr/bin/env bash
# Installs what the tests need, runs every test, and ends with the totals alone on a line: "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
dotnet test Orchestrator.sln --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { sed -nE "s/^ +$1: +([0-9]+)$/\\1/p" "$log" | awk '{ s += $1 } END { print s + 0 }'; }
echo "$(count Passed) passed, $(count Failed) failed"
exit "$status"
