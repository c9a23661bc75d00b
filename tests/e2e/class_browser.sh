#!/bin/bash
# class_browser.sh URL CODE NAME ANSWERS -- run class_browser.mjs with
# playwright-core from npm, installed once into the build directory
# ($RECALL_BUILD_DIR/node, cached) and Debian's /usr/bin/chromium (no
# browser download).  Screenshots go to $RECALL_BUILD_DIR/test-artifacts.
set -eu
: "${RECALL_BUILD_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
mods="$RECALL_BUILD_DIR/node/node_modules"
# Pinned: 1.49 runs on Debian 12's Node.js 18 as well as on 20.
if [ ! -d "$mods/playwright-core" ] ||
    ! grep -q '"version": "1.49.1"' "$mods/playwright-core/package.json"; then
    echo "class_browser: npm install playwright-core@1.49.1 ($(node --version))" >&2
    # IPv4 first: Node 18 (Debian 12's) has no happy eyeballs, and where
    # IPv6 is routed nowhere each connection waits out a long timeout.
    NODE_OPTIONS=--dns-result-order=ipv4first \
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm install --silent \
        --no-audit --no-fund --prefix "$RECALL_BUILD_DIR/node" \
        playwright-core@1.49.1 >&2
fi
# "--prepare": install only, so that a test can do it before its clock runs.
[ "${1:-}" = --prepare ] && exit 0
mkdir -p "$RECALL_BUILD_DIR/test-artifacts"
# Node resolves bare imports from the script's directory upwards: run a
# copy that sits beside node_modules.
cp "$here/class_browser.mjs" "$RECALL_BUILD_DIR/node/class_browser.mjs"
echo "class_browser: starting $(/usr/bin/chromium --version 2>/dev/null)" >&2
exec node "$RECALL_BUILD_DIR/node/class_browser.mjs" "$1" "$2" "$3" \
    "$RECALL_BUILD_DIR/test-artifacts" "$4"
