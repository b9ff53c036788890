# $2: a folder outside the run. Plants a hook there and points the shared config at it.
mkdir -p "$2/hooks"
printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$2" > "$2/hooks/post-commit"
printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$2" > "$2/hooks/pre-commit"
chmod +x "$2/hooks/post-commit" "$2/hooks/pre-commit"
git config core.hooksPath "$2/hooks"
echo y > y.txt
