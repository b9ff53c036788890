#!/usr/bin/env bash
# `--sparse`: the worktree of a task with a known file scope on a 20,000-file repository (100 folders of 200 files, a
# few top-level files), made the way the engine makes it, timed side by side in one run (median of 5, alternating):
#   full:   git worktree add --no-track -B <branch> <path> <commit>
#   sparse: git worktree add --no-checkout ... , git sparse-checkout set --cone --stdin (the task's folder and one
#           sparse_always folder), git checkout
# Each is removed (worktree remove --force) before the next, untimed. Prints both medians and full / sparse.
# Usage: bench/sparse.sh [folders] [files-per-folder]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/bench-sparse"
source "$root/bench/lib.sh"
folders="${1:-100}" per_folder="${2:-200}"
rm -rf "$work" && mkdir -p "$work"
repo="$work/repo"
git init --quiet --initial-branch=main "$repo"
git -C "$repo" config user.name bench && git -C "$repo" config user.email bench@localhost
python3 - "$repo" "$folders" "$per_folder" <<'PY'
import os, sys
repo, folders, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for name in ("README.md", "Makefile", "package.json"):
    open(os.path.join(repo, name), "w").write(f"{name}\n")
for d in range(folders):
    folder = os.path.join(repo, "src", f"m{d:03}")
    os.makedirs(folder)
    for f in range(per):
        open(os.path.join(folder, f"f{f:03}.cs"), "w").write(f"// module {d} file {f}\n" + "class C {}\n" * 20)
PY
git -C "$repo" add -A && git -C "$repo" commit -qm base
files=$(git -C "$repo" ls-files | wc -l)
full() { # n -> seconds
  local s e; s=$(now)
  git -C "$repo" worktree add --quiet --no-track -B "full/$1" "$work/wt-full-$1" main
  e=$(now); git -C "$repo" worktree remove --force "$work/wt-full-$1"; python3 -c "print(f'{$e - $s:.2f}')"
}
sparse() { # n -> seconds
  local s e; s=$(now)
  git -C "$repo" worktree add --quiet --no-checkout --no-track -B "sparse/$1" "$work/wt-sparse-$1" main
  printf 'src/m042\nsrc/m007\n' | git -C "$work/wt-sparse-$1" sparse-checkout set --cone --stdin
  git -C "$work/wt-sparse-$1" checkout --quiet
  e=$(now)
  find "$work/wt-sparse-$1" -path '*/.git' -prune -o -type f -print | wc -l > "$work/sparse-files"
  git -C "$repo" worktree remove --force "$work/wt-sparse-$1"; python3 -c "print(f'{$e - $s:.2f}')"
}
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" "$@"; }
full_times=() sparse_times=()
full 0 >/dev/null; sparse 0 >/dev/null # warm the object store's page cache for both
for i in 1 2 3 4 5; do
  full_times+=("$(full "$i")")
  sparse_times+=("$(sparse "$i")")
done
f=$(median "${full_times[@]}") s=$(median "${sparse_times[@]}")
echo "worktree add, $files-file repository $(load)"
echo "  full checkout:   ${f} s  (runs: ${full_times[*]})"
echo "  sparse checkout: ${s} s  (runs: ${sparse_times[*]}; $(cat "$work/sparse-files") files on disk: the top-level ones and 2 folders)"
echo "  full / sparse:   $(ratio "$f" "$s") x   (goal >= 10 x)"
rm -rf "$work"
