# $1: the user's checkout. Edits a tracked file there.
echo tampered >> "$1/README.md"
