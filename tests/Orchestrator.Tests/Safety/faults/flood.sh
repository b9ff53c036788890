# Floods standard output: far more than the log may keep.
echo first-line-of-the-flood
yes "flood flood flood flood flood flood flood flood flood flood" | head -n 100000
echo last-line-of-the-flood
