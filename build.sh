#!/usr/bin/env bash
# Runs the orchestrator host; with no arguments, the bundled sample end to end.
# Builds first only when a source file is newer than the host (the build's own output goes to stderr, so that
# --json keeps stdout for the result object alone).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
host="$root/build/bin/Release/net10.0/orchestrator.dll"
changed() {
  find "$root/build" "$root/src" "$root/Directory.Build.props" "$root/Cake.props" -newer "$host" \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' \) \
    -not -path '*/bin/*' -not -path '*/obj/*' -print -quit
}
if [ ! -f "$host" ] || [ -n "$(changed)" ]; then
  dotnet build "$root/build/Orchestrator.Build.csproj" --configuration Release -p:OrchestratorReadyToRun=true --nologo --verbosity quiet 1>&2
fi
exec dotnet "$host" "$@"
