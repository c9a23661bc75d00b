#!/bin/bash
# t1511 -- a deck scheduled by SM-2, through the collection.
#   1511.1  Anki's defaults, every path: new -> learning (1m 10m) ->
#           graduate (1d) -> Good -> Hard -> Easy -> lapse (relearning
#           10m) -> back to review -> Good; states, eases and due times
#           worked out by hand from Anki's rules (fuzz off)
#   1511.2  `card explain` names the scheduler and shows ease and interval
. "$(dirname "$0")/lib.sh"
printf 'deck: s\ntitle: SM-2\nscheduler: sm2\n\nbasic: c\nQ: q\nA: a\n' >s.deck
"$RECALL" import s.deck >/dev/null
sql "UPDATE meta SET value = '0' WHERE key = 'rollover_hour';
     INSERT INTO meta VALUES ('fuzz', '0');"

# time               grade  -> state       ease  due
cat >steps.txt <<'TXT'
2026-01-05T10:00:00Z good   learning   2.5  2026-01-05T10:10:00Z
2026-01-05T10:10:00Z good   review     2.5  2026-01-06T10:10:00Z
2026-01-06T10:10:00Z good   review     2.5  2026-01-09T10:10:00Z
2026-01-09T10:10:00Z hard   review     2.35 2026-01-13T10:10:00Z
2026-01-13T10:10:00Z easy   review     2.5  2026-01-25T10:10:00Z
2026-01-25T10:10:00Z again  relearning 2.3  2026-01-25T10:20:00Z
2026-01-25T10:20:00Z good   review     2.3  2026-01-26T10:20:00Z
2026-01-26T10:20:00Z good   review     2.3  2026-01-29T10:20:00Z
TXT
while read -r t g state ease due; do
    "$RECALL" --now "$t" card grade s/c "$g" >/dev/null
    "$RECALL" --now "$t" card explain --json s/c >e.json
    want_due=$(python3 -c "import datetime as d,sys; print(int(d.datetime.fromisoformat(sys.argv[1].replace('Z','+00:00')).timestamp()*1000))" "$due")
    python3 - e.json "$state" "$ease" "$want_due" "$t $g" <<'PY' || fail "SM-2 step '$t $g'"
import json, sys
j = json.load(open(sys.argv[1]))
now = j["now"]
assert j["scheduler"] == "sm2" and j["retrievability"] is None, j
assert now["state"] == sys.argv[2], (sys.argv[5], now)
assert abs(now["ease"] - float(sys.argv[3])) < 1e-9, (sys.argv[5], now)
assert now["due_ms"] == int(sys.argv[4]), (sys.argv[5], now, sys.argv[4])
PY
done <steps.txt
"$RECALL" --now 2026-01-26T10:20:00Z card explain s/c >out
grep -q '^s/c (SM-2)$' out || fail "no scheduler name: $(cat out)"
grep -q 'ease 2.30, interval 3d' out || fail "no ease/interval: $(cat out)"
[ "$(grep -c ' manual -> ' out)" = 8 ] || fail "explain lists $(grep -c ' manual -> ' out) reviews"
echo "t1511: ok"
