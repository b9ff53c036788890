# Switches its worktree to a branch of its own.
git checkout -q -b agent-branch
echo b > b.txt
