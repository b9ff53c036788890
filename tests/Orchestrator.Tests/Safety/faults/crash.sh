# Leaves half its work and dies of a signal.
echo partial > partial.txt
kill -SEGV $$
