#!/usr/bin/env bash
# Installs what the tests need, runs every test, and ends with the totals alone on a line: "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# The pinned agent CLIs the RealAgents specs drive (claude, codex, gemini); installed once per clone.
if [ ! -d tests/agent-clis/node_modules ]; then
  started=$SECONDS
  (cd tests/agent-clis && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci in tests/agent-clis failed"; exit 1; }
  echo "agent CLIs installed in $((SECONDS - started))s"
fi
# Headless chromium renders the HTML report in Reporting/HtmlReportTests; script (util-linux) gives the live view a terminal.
if ! command -v chromium >/dev/null || ! command -v script >/dev/null; then
  started=$SECONDS
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium bsdutils; } >/dev/null \
    || { echo "apt-get install chromium bsdutils failed"; exit 1; }
  echo "chromium installed in $((SECONDS - started))s"
fi
dotnet test Orchestrator.sln --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { sed -nE "s/^ +$1: +([0-9]+)$/\\1/p" "$log" | awk '{ s += $1 } END { print s + 0 }'; }
echo "$(count Passed) passed, $(count Failed) failed"
exit "$status"
