#!/bin/bash
# t0004 -- `cmake --install` and the installed binary.
#   0004.1  the binary and the bundled decks (with their source) install
#   0004.2  the installed recall finds its decks: `recall init` imports them
. "$(dirname "$0")/lib.sh"
: "${RECALL_BUILD_DIR:?ctest sets RECALL_BUILD_DIR}"
unset RECALL_DECKS_DIR
cmake --install "$RECALL_BUILD_DIR" --prefix "$TEST_DIR/prefix" >/dev/null
[ -x prefix/bin/recall ] || fail "no installed binary"
for d in theses context trials caste; do
    [ -f "prefix/share/recall/decks/$d.deck" ] || fail "$d.deck not installed"
done
[ -f prefix/share/recall/decks/source/foundations-revolution-betrayed.txt ] ||
    fail "source text not installed"
[ -f prefix/share/recall/decks/FORMAT.md ] || fail "FORMAT.md not installed"
prefix/bin/recall init >out 2>err
compare /dev/null err
grep -q "prefix/share/recall/decks/theses.deck: deck 'theses'" out ||
    fail "installed recall did not import its decks: $(cat out)"
[ "$(sql 'SELECT count(DISTINCT deck_id) FROM notes')" = 4 ] || fail "decks"
echo "t0004: ok"
