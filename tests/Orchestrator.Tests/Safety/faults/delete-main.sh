# $1: the user's checkout. Deletes the user's main branch.
git -C "$1" update-ref -d refs/heads/main
