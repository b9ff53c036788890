#!/usr/bin/env bash
# Start-to-Planning wall time of the three ways in: ./build.sh, the .NET tool, and a user's build.cake calling the
# Cake.Orchestrator addin through dotnet cake (the first cake run restores the addin; later runs find it in
# tools/Addins; "cached" sets CAKE_SETTINGS_ENABLESCRIPTCACHE=true, so Cake compiles the script once). Runs them side by side, N rounds (default 3), each on a fresh artifacts folder; prints ratios.
# Usage: bench/plugin.sh [rounds]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
work="$root/artifacts/bench-plugin"
version="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
rm -rf "$work" && mkdir -p "$work/repo" "$work/.config"
now() { date +%s.%N; }
"$root/build.sh" --version >/dev/null
dotnet pack "$root/src/Tasks/Cake/Cake.Orchestrator.csproj" -c Release -o "$work/feed" "-p:Version=$version" --no-build --nologo -v quiet >/dev/null
dotnet pack "$root/build/Orchestrator.Build.csproj" -c Release -o "$work/feed" "-p:Version=$version" --no-build --nologo -v quiet >/dev/null
dotnet tool install --tool-path "$work/tool" --add-source "$work/feed" --version "$version" Orchestrator.Tool >/dev/null
git init --quiet --initial-branch=main "$work/repo"
git -C "$work/repo" config user.name bench && git -C "$work/repo" config user.email bench@localhost
echo "# bench" > "$work/repo/README.md" && git -C "$work/repo" add -A && git -C "$work/repo" commit -qm base
cat > "$work/plan.json" <<'JSON'
{ "tasks": [
  { "id": "T1", "description": "Write a.txt", "files": ["a.txt"], "parallel": true, "command": "sh -c 'echo alpha > a.txt'" },
  { "id": "T2", "description": "Write b.txt", "files": ["b.txt"], "parallel": true, "command": "sh -c 'echo beta > b.txt'" },
  { "id": "T3", "description": "Combine into c.txt", "files": ["c.txt"], "depends_on": ["T1", "T2"], "command": "sh -c 'cat a.txt b.txt > c.txt'" } ] }
JSON
cp "$root/.config/dotnet-tools.json" "$work/.config/"
cat > "$work/NuGet.Config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="bench" value="$work/feed" /></packageSources></configuration>
XML
cat > "$work/build.cake" <<CAKE
#addin nuget:?package=Cake.Orchestrator&version=$version&loaddependencies=true
Task("Planning").Does(() => OrchestratorRun(new OrchestratorSettings()
    .WithRepoPath("repo").WithPlan("plan.json").WithArtifacts(Argument<string>("artifacts")).WithTarget("Planning")));
RunTarget("Planning");
CAKE
(cd "$work" && dotnet tool restore >/dev/null)
timed() { local start; start=$(now); "$@" >/dev/null; echo "$(now) - $start" | bc -l; }
echo "== start to Planning, $rounds rounds (load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
first=$(cd "$work" && timed dotnet cake build.cake --artifacts=art-cold)
printf 'dotnet cake, first run (restores the addin): %.2fs\n' "$first"
fill=$(cd "$work" && CAKE_SETTINGS_ENABLESCRIPTCACHE=true timed dotnet cake build.cake --artifacts=art-cache-fill)
printf 'dotnet cake, first cached run (compiles the script and caches it): %.2fs\n' "$fill"
sum_sh=0 sum_tool=0 sum_cake=0 sum_cached=0
for round in $(seq 1 "$rounds"); do
  sh=$(cd "$work" && timed "$root/build.sh" --repo-path repo --plan plan.json --artifacts "art-sh-$round" --target=Planning)
  tool=$(cd "$work" && timed "$work/tool/orchestrator" --repo-path repo --plan plan.json --artifacts "art-tool-$round" --target=Planning)
  cake=$(cd "$work" && timed dotnet cake build.cake "--artifacts=art-cake-$round")
  cached=$(cd "$work" && CAKE_SETTINGS_ENABLESCRIPTCACHE=true timed dotnet cake build.cake "--artifacts=art-cached-$round")
  printf 'round %d: build.sh %.2fs, tool %.2fs, dotnet cake %.2fs, cached %.2fs\n' "$round" "$sh" "$tool" "$cake" "$cached"
  sum_cached=$(echo "$sum_cached + $cached" | bc -l)
  sum_sh=$(echo "$sum_sh + $sh" | bc -l); sum_tool=$(echo "$sum_tool + $tool" | bc -l); sum_cake=$(echo "$sum_cake + $cake" | bc -l)
done
mean() { echo "$1 / $rounds" | bc -l; }
printf 'mean: build.sh %.2fs, tool %.2fs, dotnet cake %.2fs, cached %.2fs\n' \
  "$(mean "$sum_sh")" "$(mean "$sum_tool")" "$(mean "$sum_cake")" "$(mean "$sum_cached")"
printf 'tool / build.sh = %.2f, dotnet cake / build.sh = %.2f, cached / build.sh = %.2f\n' \
  "$(echo "$sum_tool / $sum_sh" | bc -l)" "$(echo "$sum_cake / $sum_sh" | bc -l)" "$(echo "$sum_cached / $sum_sh" | bc -l)"
