#!/bin/bash
# t2101 -- `recall profile`: each profile keeps its own progress.
#   2101.1  add, list (text and --json), rename, remove with --yes
#   2101.2  remove without --yes off a terminal: refused, nothing lost
#   2101.3  removing a profile removes its states and reviews only
#   2101.4  bad names and unknown profiles: clear errors
. "$(dirname "$0")/lib.sh"
printf 'deck: p\ntitle: P\n\nbasic: a\nQ: q\nA: a\n' >p.deck
"$RECALL" import p.deck >/dev/null
"$RECALL" profile add ann >out
echo "profile add: ann" >want
compare want out
"$RECALL" --profile ann card grade p/a good >/dev/null
"$RECALL" --profile bob card grade p/a again >/dev/null
"$RECALL" --profile ann profile list >out
grep -q '^\* ann  *1  *1 ' out || fail "ann not current with 1 card: $(cat out)"
grep -q '^  bob  *1  *1 ' out || fail "bob: $(cat out)"
"$RECALL" profile list --json >out.json
python3 - out.json <<'PY'
import json, sys
names = {p["name"]: p for p in json.load(open(sys.argv[1]))}
assert set(names) == {"ann", "bob", "default"}, names
assert names["ann"]["reviews"] == 1 and names["default"]["reviews"] == 0
PY
expect_exit 1 "$RECALL" profile add ann 2>err
echo "recall: profile 'ann' exists already" >want
compare want err

"$RECALL" profile rename bob carol >/dev/null
[ "$(sql "SELECT count(*) FROM revlog r JOIN profiles p ON p.id = r.profile_id WHERE p.name = 'carol'")" = 1 ] ||
    fail "rename lost reviews"
expect_exit 1 "$RECALL" profile rename nobody x 2>err
echo "recall: no profile 'nobody'" >want
compare want err

expect_exit 1 "$RECALL" profile remove ann </dev/null 2>err
grep -q "not removing 'ann' without --yes" err || fail "$(cat err)"
[ "$(sql 'SELECT count(*) FROM revlog')" = 2 ] || fail "refused remove lost data"
"$RECALL" profile remove --yes ann >/dev/null
[ "$(sql "SELECT count(*) FROM profiles WHERE name = 'ann'")" = 0 ] || fail "ann still there"
[ "$(sql 'SELECT count(*) FROM revlog')" = 1 ] || fail "remove took the wrong reviews"
[ "$(sql 'SELECT count(*) FROM card_state')" = 1 ] || fail "remove took the wrong states"

expect_exit 1 "$RECALL" profile add '' 2>err
echo "recall: a profile name cannot be empty" >want
compare want err
expect_exit 1 "$RECALL" profile add "$(printf 'a\tb')" 2>err
echo "recall: profile name has a control character" >want
compare want err
expect_exit 2 "$RECALL" profile frob 2>err
grep -q "^recall: unknown subcommand 'frob'" err || fail "$(cat err)"
expect_exit 2 "$RECALL" profile add 2>err
grep -q "^recall: wrong number of arguments" err || fail "$(cat err)"
echo "t2101: ok"
