#!/bin/bash
# t6001-class-page.sh -- the classroom quiz's browser page, as text.
#
# No server serves it yet (issue 7's HTTP step), so the unit test binary
# writes it (test_page --write) and this checks what a browser would get:
# one self-contained document (no http://, https:// or //cdn, no
# external script, style or image), a viewport meta for phones, and
# every dynamic text set through textContent (innerHTML nowhere).
. "$(dirname "$0")/lib.sh"

: "${RECALL_BUILD_DIR:?RECALL_BUILD_DIR must name the build directory}"
driver="$RECALL_BUILD_DIR/tests/test_page"
[ -x "$driver" ] || fail "no page driver at $driver"
"$driver" --write page.html
[ -s page.html ] || fail "the page is empty"

head -n 1 page.html >first
printf '<!DOCTYPE html>\n' >expect
compare expect first

# Self-contained: no URL leaves the host.
if grep -nE 'https?://|//cdn' page.html; then
    fail "the page names an external URL"
fi
# src= and href= only as data: URLs (the empty favicon).
if grep -noE '(src|href)="[^"]*"' page.html | grep -v '"data:'; then
    fail "the page loads an asset"
fi
grep -q '@import\|url(' page.html && fail "the CSS loads an asset"

# Phones: the viewport meta, and buttons sized for a thumb.
grep -qF '<meta name="viewport" content="width=device-width, initial-scale=1">' \
    page.html || fail "no viewport meta"
grep -qE 'min-height: *3(\.[0-9]+)?rem' page.html || fail "small buttons"

# Text from the game is never parsed as markup.
if grep -nE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write' \
    page.html; then
    fail "the page parses data as markup"
fi
grep -c 'textContent' page.html >count
[ "$(cat count)" -ge 5 ] || fail "too few textContent assignments"

# The endpoints of docs/class-protocol.md.
for path in '"/class/join"' '"/class/answer"' '"/class/events?token="' \
    '"/class/state?token="'; do
    grep -qF "$path" page.html || fail "the page does not call $path"
done

# The script parses, when node is at hand (it is not required).
if command -v node >/dev/null 2>&1; then
    sed -n '/<script>/,/<\/script>/p' page.html | sed '1d;$d' >page.js
    node --check page.js || fail "the page's script does not parse"
fi
echo "t6001: ok"
