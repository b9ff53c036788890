# Shared by the bench scripts that compare host builds side by side: sourced after `root` and `work` are set.
# The host folders to compare are the script's arguments (each holds an orchestrator.dll); with none, this checkout is
# built in Release, ReadyToRun (as build.sh builds it).
bench_hosts() {
  rm -rf "$work" && mkdir -p "$work"
  hosts=("$@")
  if [ ${#hosts[@]} -eq 0 ]; then
    dotnet build "$root/build/Orchestrator.Build.csproj" -c Release -p:OrchestratorReadyToRun=true -o "$work/host" --verbosity quiet -nologo >/dev/null
    hosts=("$work/host")
  fi
}
load() { echo "(load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"; }
ratio() { python3 -c "print(f'{$1 / max($2, 1e-9):.2f}')"; }
