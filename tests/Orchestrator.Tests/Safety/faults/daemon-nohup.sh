# Leaves a background process behind.
nohup sleep 1000 > /dev/null 2>&1 &
echo ok > ok.txt
