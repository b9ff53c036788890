# Never ends on its own.
sleep 600
