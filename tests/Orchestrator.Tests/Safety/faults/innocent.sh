# Does its own work, slowly enough to overlap the others.
sleep "${1:-0.5}"
echo innocent > innocent.txt
