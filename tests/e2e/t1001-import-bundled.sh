#!/bin/bash
# t1001 -- the bundled decks.
#   1001.1  every bundled deck imports with no diagnostic at all
#   1001.2  at least 120 cards, every card has a source quote
#   1001.3  re-importing changes nothing and says so
#   1001.4  `recall init` finds and imports them (RECALL_DECKS_DIR)
#   1001.5  `recall decks` lists them with their counts
. "$(dirname "$0")/lib.sh"
copy_decks

"$RECALL" import decks >out 2>err
compare /dev/null err
[ "$(wc -l <out)" -ge 4 ] || fail "expected a line per deck: $(cat out)"
cards=$(sql 'SELECT count(*) FROM cards')
[ "$cards" -ge 120 ] || fail "only $cards cards"
nosrc=$(sql "SELECT count(*) FROM notes WHERE kind <> 'pool' AND source = ''")
[ "$nosrc" = 0 ] || fail "$nosrc notes without a source quote"
for kind in basic reversed cloze typed choice order; do
    n=$(sql "SELECT count(*) FROM notes WHERE kind = '$kind'")
    [ "$n" -gt 0 ] || fail "no $kind note in the bundled decks"
done

"$RECALL" import decks >out 2>err
compare /dev/null err
grep -vq '0 added, 0 changed, 0 retired (unchanged)$' out &&
    fail "re-import changed something: $(cat out)"

rm -f "$RECALL_DB"
"$RECALL" init >out 2>err
compare /dev/null err
[ "$(sql 'SELECT count(*) FROM cards')" = "$cards" ] || fail "init count"

"$RECALL" decks >out
for d in theses context trials caste; do
    grep -q "^$d " out || fail "deck $d not listed: $(cat out)"
done
"$RECALL" decks --json >out.json
python3 - out.json "$cards" <<'PY'
import json, sys
decks = json.load(open(sys.argv[1]))
assert sum(d["cards"] for d in decks) == int(sys.argv[2]), decks
for d in decks:
    assert set(d) == {"deck", "title", "file", "scheduler", "cards", "new",
                      "learning", "review", "due", "suspended"}, d
    assert d["new"] == d["cards"] and d["due"] == 0, d
PY
echo "t1001: ok"
