# Ignores the polite stop and keeps going.
trap '' TERM
while :; do sleep 0.2; done
