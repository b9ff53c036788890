# Writes into every other worktree of the run.
for d in "$(dirname "$ORCH_WORKTREE")"/*; do
  [ "$d" = "$ORCH_WORKTREE" ] || echo planted > "$d/planted.txt"
done
echo mine > mine.txt
