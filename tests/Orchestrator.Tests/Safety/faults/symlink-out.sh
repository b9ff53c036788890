# $2: a folder outside the run. Leaves a link to it in the worktree.
ln -s "$2" canary-link
echo ok > ok.txt
