#!/bin/bash
# layering.sh -- src/core is librecall: no terminal, no network, no exit.
# Fails listing each offending line.
top=${1:-.}
cd "$top" || exit 1
bad=$(grep -nE '#include *[<"](readline/|curl/|microhttpd|jansson|sodium)' \
        src/core/*.c include/recall/*.h;
      grep -nE '(^|[^a-z_])(printf|puts|exit|_exit)\(' src/core/*.c |
        grep -v 'snprintf\|vsnprintf')
# The classroom host and the shared HTTP helpers stand beside the sync
# server, not on it; the helpers need no HTTP library of their own.
bad="$bad
$(grep -nE '#include *"[^"]*sync/' src/class/*.[ch] src/http/*.[ch])
$(grep -nE '#include *[<"](microhttpd|jansson|curl/)' src/http/*.[ch])"
for f in src/core/*.c; do
    grep -q '#include "banned.h"' "$f" ||
        bad="$bad
$f: does not include banned.h (STYLE.md: the banned calls)"
done
bad=$(printf '%s' "$bad" | sed '/^$/d')
if [ -n "$bad" ]; then
    echo "layering: a layer reaches where it must not:" >&2
    echo "$bad" >&2
    exit 1
fi
echo "layering: ok ($(ls src/core/*.c | wc -l) core files checked)"
