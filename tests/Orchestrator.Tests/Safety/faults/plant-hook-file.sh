# $2: a folder outside the run. Plants a hook in the repository's own hooks folder.
hooks="$(git rev-parse --git-common-dir)/hooks"
mkdir -p "$hooks"
printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$2" > "$hooks/post-commit"
chmod +x "$hooks/post-commit"
echo y > y.txt
