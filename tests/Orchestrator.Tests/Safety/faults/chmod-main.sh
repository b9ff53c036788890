# $1: the user's checkout. Makes a tracked file executable there.
chmod +x "$1/README.md"
