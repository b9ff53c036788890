# Deletes its worktree's .git file, then leaves work behind.
rm -f .git
echo work > work.txt
