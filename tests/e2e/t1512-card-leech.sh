#!/bin/bash
# t1512 -- leeches: a card that lapses as often as its deck's threshold is
# marked a leech and suspended, for the profile that lapsed it only.
. "$(dirname "$0")/lib.sh"
printf 'deck: l\ntitle: Leech\nleech-threshold: 2\nlearning-steps: none\nrelearning-steps: none\n\nbasic: c\nQ: q\nA: a\n' >l.deck
"$RECALL" import l.deck >/dev/null
"$RECALL" --now 2026-01-05T10:00:00Z card grade l/c good >/dev/null
"$RECALL" --now 2026-02-05T10:00:00Z card grade l/c again >/dev/null
[ "$(sql 'SELECT suspended || leech FROM card_state')" = 00 ] || fail "leech after 1 lapse"
"$RECALL" --now 2026-02-07T10:00:00Z card grade l/c good >/dev/null
"$RECALL" --now 2026-03-07T10:00:00Z card grade l/c again >/dev/null
[ "$(sql 'SELECT lapses, suspended, leech FROM card_state')" = "2|1|1" ] ||
    fail "not a leech after 2 lapses: $(sql 'SELECT * FROM card_state')"
"$RECALL" cards l >out
grep -q '^l/c .*suspended' out || fail "cards does not show it suspended"
"$RECALL" --profile other cards l >out
grep -q '^l/c .*new' out || fail "another profile's card was suspended"
# Unsuspending brings it back, history kept.
"$RECALL" card unsuspend l/c >out
echo "l/c: unsuspended" >want
compare want out
[ "$(sql 'SELECT lapses, suspended FROM card_state')" = "2|0" ] || fail "unsuspend"
"$RECALL" card suspend l/c >/dev/null
[ "$(sql 'SELECT suspended FROM card_state')" = 1 ] || fail "suspend"
echo "t1512: ok"
