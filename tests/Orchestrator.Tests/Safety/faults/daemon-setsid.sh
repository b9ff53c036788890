# Double-forks a daemon into its own session.
setsid sh -c 'sleep 1000 & exit 0' > /dev/null 2>&1 < /dev/null
( setsid sleep 1000 > /dev/null 2>&1 < /dev/null & )
echo ok > ok.txt
