# $2: a folder outside the run. Replaces its own worktree with a link to it.
wt="$ORCH_WORKTREE"
cd /
rm -rf "$wt"
ln -s "$2" "$wt"
