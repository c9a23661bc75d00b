#!/bin/bash
# t5103 -- a sync killed anywhere is finished by the next one.
#   5103.1  kill -9 the server in the middle of A's push, 20 times at
#           random points (A's reviews grow each time; batches re-sent)
#   5103.2  kill -9 the client B in the middle of its pull, 20 times
#   5103.3  after a final sync A, B and a fresh C hold the same reviews,
#           none lost or duplicated; B and C the same card states;
#           integrity_check ok on every collection and on the server
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server
port=${url##*:}
write_deck t.deck t 40
"$RECALL" --db a.db import t.deck >/dev/null
join ann a.db
join ann b.db
join ann c.db
RANDOM=5103

# N reviews of random cards, as a study session would have left them.
add_reviews() {
    sqlite3 a.db "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1
        FROM k WHERE i < $1) INSERT INTO revlog (id, card_id, profile_id,
        time_ms, rating, duration_ms, kind) SELECT lower(hex(randomblob(16))),
        (SELECT id FROM cards ORDER BY random() LIMIT 1), 1,
        1767607200000 + abs(random() % 8640000000), 1 + abs(random() % 4),
        1000, 'study' FROM k"
}

# 5103.1
for i in $(seq 20); do
    add_reviews 150
    "$RECALL" --db a.db sync >/dev/null 2>&1 &
    client=$!
    sleep "0.0$((RANDOM % 10))"
    kill -9 "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    wait "$client" || true
    start_server "$port"
done
"$RECALL" --db a.db sync >/dev/null
[ "$(sqlite3 a.db 'SELECT count(*) FROM revlog WHERE synced = 0')" = 0 ] ||
    fail "A has unacknowledged reviews"

# 5103.2
for i in $(seq 20); do
    "$RECALL" --db b.db sync >/dev/null 2>&1 &
    client=$!
    sleep "0.$((RANDOM % 3))$((RANDOM % 10))"
    kill -9 "$client" 2>/dev/null || true
    wait "$client" || true
done

# 5103.3
for db in a.db b.db c.db; do
    "$RECALL" --db "$db" sync >/dev/null
done
[ "$(sqlite3 b.db 'SELECT count(*) FROM revlog')" = 3000 ] || fail "count"
reviews a.db >ra
reviews b.db >rb
reviews c.db >rc
compare ra rb
compare ra rc
[ "$(sort ra | uniq -d | wc -l)" = 0 ] || fail "duplicated reviews"
converged b.db c.db
[ "$(sqlite3 a.db 'PRAGMA integrity_check')" = ok ] || fail "integrity A"
kill "$server_pid"
wait "$server_pid" || true
for f in srv/*.db; do
    [ "$(sqlite3 "$f" 'PRAGMA integrity_check')" = ok ] || fail "integrity $f"
done
