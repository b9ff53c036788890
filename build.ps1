# Runs the orchestrator host; with no arguments, the bundled sample end to end.
# Builds first only when a source file is newer than the host (build output goes to stderr; --json keeps stdout clean).
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$hostDll = Join-Path $root 'build/bin/Release/net10.0/orchestrator.dll'
$sources = Get-ChildItem -Recurse -File -Path (Join-Path $root 'build'), (Join-Path $root 'src') -Include *.cs, *.csproj, *.props, *.json |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
if (-not (Test-Path $hostDll) -or ($sources | Where-Object { $_.LastWriteTime -gt (Get-Item $hostDll).LastWriteTime })) {
    dotnet build (Join-Path $root 'build/Orchestrator.Build.csproj') --configuration Release -p:OrchestratorReadyToRun=true --nologo --verbosity quiet | Write-Host
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
dotnet $hostDll @args
exit $LASTEXITCODE
