#!/bin/bash
# t5102 -- five collections, 1,000 random operations, random syncs.
#   5102.1  each operation is one of: study a card (random grade), edit a
#           note in the client's copy of the deck and re-import it, retire
#           a note (drop it from the file, re-import), suspend a card;
#           after each, a random client may sync
#   5102.2  after every client syncs twice all five converge: the same
#           reviews, card states and note content, field by field
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server
RANDOM=5102
N=5
write_deck t.deck t 12
for i in $(seq $N); do
    mkdir c$i
    cp t.deck c$i/t.deck
    join ann c$i.db
done
"$RECALL" --db c1.db import c1/t.deck >/dev/null
"$RECALL" --db c1.db sync >/dev/null
for i in $(seq 2 $N); do
    "$RECALL" --db c$i.db sync >/dev/null
done

day_ms=1767607200000
for op in $(seq 1000); do
    i=$((RANDOM % N + 1))
    db=c$i.db
    note=n$((RANDOM % 12 + 1))
    now="@$((day_ms + op * 3600000))"
    case $((RANDOM % 10)) in
    0 | 1 | 2 | 3 | 4 | 5)
        grade=$(echo again hard good easy | cut -d' ' -f$((RANDOM % 4 + 1)))
        "$RECALL" --db $db --now "$now" card grade t/$note $grade \
            >/dev/null 2>&1 || true ;;
    6)
        sed -i "s/^A: answer ${note#n}\( v[0-9]*\)*$/A: answer ${note#n} v$op/" \
            c$i/t.deck
        "$RECALL" --db $db --now "$now" import c$i/t.deck >/dev/null ;;
    7)
        if [ "$(grep -c '^basic:' c$i/t.deck)" -gt 6 ]; then
            awk -v n="basic: $note" '$0 == n {skip = 1} /^$/ {skip = 0}
                !skip' c$i/t.deck >c$i/new && mv c$i/new c$i/t.deck
            "$RECALL" --db $db --now "$now" import c$i/t.deck >/dev/null
        fi ;;
    8)
        "$RECALL" --db $db card suspend t/$note >/dev/null 2>&1 || true ;;
    9)
        "$RECALL" --db $db sync >/dev/null ;;
    esac
    if [ $((RANDOM % 5)) = 0 ]; then
        "$RECALL" --db c$((RANDOM % N + 1)).db sync >/dev/null
    fi
done

for round in 1 2; do
    for i in $(seq $N); do
        "$RECALL" --db c$i.db sync >/dev/null
    done
done
notes() {
    sqlite3 "$1" "SELECT n.key, n.front, n.back, n.retired, n.hlc
        FROM notes n ORDER BY n.key"
}
notes c1.db >n1
[ "$(sqlite3 c1.db 'SELECT count(*) FROM revlog')" -gt 400 ] || fail "few reviews"
for i in $(seq 2 $N); do
    converged c1.db c$i.db
    notes c$i.db >n2
    compare n1 n2
done
