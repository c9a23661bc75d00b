#!/bin/bash
# t5109 -- a change of a deck's scheduling options keeps machines in step.
#   5109.1  A and B study a deck (FSRS), then A switches it to SM-2 with
#           other steps and studies on: after syncing, both hold the same
#           states -- each replayed the whole log under the new options
#   5109.2  A's own states after the edit are what replaying gives (the
#           import rebuilt them), not the FSRS ones it had
#   5109.3  a change of only the daily limits replays nothing
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server

write_deck t.deck t 4
"$RECALL" --db a.db import t.deck >/dev/null
"$RECALL" --db b.db init --empty >/dev/null
join ann a.db
join ann b.db
"$RECALL" --db a.db sync >/dev/null
"$RECALL" --db b.db sync >/dev/null

grade() { # DB DAY CARD RATING
    RECALL_NOW="2026-01-$2T10:00:00Z" "$RECALL" --db "$1" card grade "$3" "$4" \
        >/dev/null
}
grade a.db 10 t/n1 good
grade a.db 11 t/n1 good
grade b.db 10 t/n2 again
grade b.db 12 t/n2 good
grade b.db 12 t/n1 hard
grade b.db 12 t/n3 good # not studied after the change: only a rebuild moves it
"$RECALL" --db a.db sync >/dev/null
"$RECALL" --db b.db sync >/dev/null
"$RECALL" --db a.db sync >/dev/null
converged a.db b.db

# 5109.1 -- the same deck under SM-2, other steps.
sed -i 's/^title: Sync test$/title: Sync test\nscheduler: sm2\nlearning-steps: 5m 1h\nmaximum-interval: 30/' t.deck
grep -q '^scheduler: sm2$' t.deck || fail "deck edit"
state a.db >before
"$RECALL" --db a.db import t.deck >/dev/null
state a.db >after
cmp -s before after && fail "the option change rebuilt no state on A"
# 5109.2 -- n1's ease is SM-2's (2.5 for a new card, then moved), where
# FSRS left it 0.
ease=$(sqlite3 a.db "SELECT s.ease $card_sql WHERE n.key = 'n1'")
[ "$ease" != 0.0 ] || fail "n1 was not replayed under SM-2 (ease $ease)"
grade a.db 13 t/n1 good
grade a.db 13 t/n2 easy
"$RECALL" --db a.db sync >/dev/null
"$RECALL" --db b.db sync >/dev/null
[ "$(sqlite3 b.db "SELECT scheduler FROM decks WHERE key = 't'")" = sm2 ] ||
    fail "the option change did not reach B"
converged a.db b.db

# 5109.3
state a.db >before
sed -i 's/^title: Sync test$/title: Sync test\nnew-per-day: 5/' t.deck
"$RECALL" --db a.db import t.deck >/dev/null
state a.db >after
compare before after
"$RECALL" --db a.db sync >/dev/null
"$RECALL" --db b.db sync >/dev/null
converged a.db b.db
