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
now() { date +%s.%N; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
# The bundled sample as a repository in $work/sample, and a `dotnet` hello world built in $work/hello/out: the start-up
# row's program and its floor.
bench_sample_and_hello() {
  cp -r "$root/samples/bookshelf" "$work/sample"
  git -C "$work/sample" init --quiet --initial-branch=main
  git -C "$work/sample" add -A && git -C "$work/sample" -c user.name=bench -c user.email=bench@localhost commit --quiet -m sample
  mkdir -p "$work/hello"
  cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>
XML
  echo 'System.Console.WriteLine("hello");' > "$work/hello/Program.cs"
  dotnet build "$work/hello/hello.csproj" -c Release -o "$work/hello/out" --verbosity quiet -nologo >/dev/null
}
# Phase 0's real tree (bench/context-phase0.sh, bench/context-ranking.sh): a git repository of real source files found
# on this machine (files over 1 MB left out).
real_tree() {
  local target="$1" dir
  mkdir -p "$target"
  for dir in /usr/lib/python3.11 /usr/include /usr/lib/node_modules /usr/share/perl; do
    if [ -d "$dir" ]; then mkdir -p "$target$dir" && cp -rL "$dir/." "$target$dir/" 2>/dev/null || true; fi
  done
  mkdir -p "$target/orchestrator" && cp -r "$root/src" "$root/tests" "$target/orchestrator/"
  find "$target" \( -name bin -o -name obj -o -name agent-clis \) -type d -prune -exec rm -rf {} +
  find "$target" -type f -size +1M -delete
  git -C "$target" init --quiet --initial-branch=main
  git -C "$target" add --all
  git -C "$target" -c user.name=bench -c user.email=bench@localhost commit --quiet -m "real source files"
}
