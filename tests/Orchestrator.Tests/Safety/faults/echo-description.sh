# Writes the task text it was given, as data.
printf '%s' "$ORCH_TASK_DESCRIPTION" > description.txt
