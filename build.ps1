# Runs the orchestrator host; with no arguments, the bundled sample end to end.
$ErrorActionPreference = 'Stop'
dotnet run --project (Join-Path $PSScriptRoot 'build/Orchestrator.Build.csproj') --verbosity quiet -- @args
exit $LASTEXITCODE
