#!/usr/bin/env bash
# Runs the orchestrator host; with no arguments, the bundled sample end to end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec dotnet run --project "$root/build/Orchestrator.Build.csproj" --verbosity quiet -- "$@"
