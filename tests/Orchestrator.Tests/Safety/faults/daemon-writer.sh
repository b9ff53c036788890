# Leaves a loop behind that keeps writing into the worktree.
( while :; do date >> watch.log; sleep 0.05; done ) > /dev/null 2>&1 &
echo ok > ok.txt
