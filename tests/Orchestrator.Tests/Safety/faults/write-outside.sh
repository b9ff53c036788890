# $1: the user's checkout. Writes a file into it.
echo stray > "$1/stray.txt"
echo mine > mine.txt
