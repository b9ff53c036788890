# $1: the user's checkout. Rewrites a tracked file there in place, keeping its size (its folder's time does not move).
printf "# USER'S REPOSITORY\n" > "$1/README.md"
