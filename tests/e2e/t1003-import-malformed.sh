#!/bin/bash
# t1003 -- malformed deck files (tests/data/bad-decks).
#   1003.1  each file: exit 1, exactly its documented diagnostics
#   1003.2  the collection is unchanged by every one of them
#   1003.3  a bad file among good ones: the good ones still import
. "$(dirname "$0")/lib.sh"
cp -r "$RECALL_TEST_DATA/bad-decks" bad-decks
copy_decks
"$RECALL" import decks/theses.deck >/dev/null
snapshot() { sqlite3 "$RECALL_DB" .dump; }
snapshot >before.sql
n=0
for deck in bad-decks/[0-9]*.deck; do
    expect="${deck%.deck}.expect"
    [ -f "$expect" ] || fail "no $expect"
    expect_exit 1 "$RECALL" import "$deck" >out 2>err
    sed 's/^/recall: /' "$expect" >want
    # Warnings may precede or follow; errors must match exactly.
    compare want err
    compare /dev/null out
    n=$((n + 1))
done
[ "$n" -ge 30 ] || fail "only $n malformed decks"
snapshot >after.sql
compare before.sql after.sql

expect_exit 1 "$RECALL" import decks/context.deck bad-decks/01-*.deck \
    decks/trials.deck >out 2>/dev/null
grep -q "deck 'context'" out || fail "good deck before a bad one not imported"
grep -q "deck 'trials'" out || fail "good deck after a bad one not imported"
echo "t1003: ok ($n files)"
