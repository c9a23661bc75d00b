#!/bin/bash
# t1004 -- export writes the deck format back.
#   1004.1  exporting every bundled deck, then importing the export:
#           0 added, 0 changed, 0 retired
#   1004.2  exporting the export again gives the same bytes
#   1004.3  source-file is rewritten relative to the output's folder
#   1004.4  an unknown deck: exit 1, clear message
. "$(dirname "$0")/lib.sh"
copy_decks
"$RECALL" import decks >/dev/null
mkdir -p out/nested
for d in theses context trials caste; do
    "$RECALL" export -o "out/nested/$d.deck" "$d"
    grep -q '^source-file: \.\./\.\./decks/source/foundations-revolution-betrayed.txt$' \
        "out/nested/$d.deck" || fail "$d: source-file not relative"
    "$RECALL" import "out/nested/$d.deck" >got 2>err
    compare /dev/null err
    echo "out/nested/$d.deck: deck '$d': 0 added, 0 changed, 0 retired (unchanged)" >want
    compare want got
    "$RECALL" export "$d" >"stdout-$d.deck"
    grep -q '^source-file: decks/source/foundations-revolution-betrayed.txt$' \
        "stdout-$d.deck" || fail "$d: stdout source-file not relative to cwd"
    "$RECALL" export -o "again-$d.deck" "$d"
    cmp "again-$d.deck" "stdout-$d.deck" || fail "$d: export not stable"
done
expect_exit 1 "$RECALL" export nosuch 2>err
echo "recall: no deck 'nosuch'" >want
compare want err
echo "t1004: ok"
