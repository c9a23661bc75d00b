# sync_lib.sh -- sourced by the sync e2e tests (t5xxx) after lib.sh.
#
# start_server: run the real `recall serve` on 127.0.0.1 and a free port
# with open registration, set $url and $server_pid; it is killed when the
# test exits (a test setting its own EXIT trap must kill it there).
# join NAME DB: register NAME (once) and log DB in as NAME.  state DB /
# reviews DB: a collection's card states and review log by card name, one
# row a line, for comparing two collections field by field.

start_server() {
    # A port just freed by kill -9 may take a moment to bind again.
    for _ in $(seq 50); do
        : >serve.out
        "$RECALL" serve --listen 127.0.0.1:${1:-0} --data srv \
            --open-registration >serve.out 2>>serve.log &
        server_pid=$!
        for _ in $(seq 100); do
            [ -s serve.out ] && break
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        url=$(sed -n 's/^listening on //p' serve.out)
        if [ -n "$url" ]; then
            # Whatever way the test ends, its server ends with it (the
            # pid read at exit: a test may have restarted it).
            trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$TEST_DIR"' EXIT
            return 0
        fi
        wait "$server_pid" 2>/dev/null || true
        sleep 0.2
    done
    fail "no listening line: $(cat serve.out serve.log)"
}

join() {
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
        -d "{\"user\": \"$1\", \"password\": \"secret-$1\"}" \
        "$url/v1/register" || true
    echo "secret-$1" | "$RECALL" --db "$2" login --user "$1" "$url" 2>/dev/null ||
        fail "login $1 to $2"
}

card_sql="FROM card_state s JOIN cards c ON c.id = s.card_id
    JOIN notes n ON n.id = c.note_id JOIN decks d ON d.id = n.deck_id"

state() {
    sqlite3 "$1" "SELECT d.key || '/' || n.key || '#' || c.ord, s.state,
        s.step, s.stability, s.difficulty, s.ease, s.due_ms,
        s.last_review_ms, s.elapsed_days, s.scheduled_days, s.reps,
        s.lapses, s.interval_days, s.suspended, s.leech,
        s.buried_until_ms $card_sql WHERE s.reps > 0 OR s.suspended
        ORDER BY 1"
}

reviews() {
    sqlite3 "$1" "SELECT r.id, d.key || '/' || n.key || '#' || c.ord,
        r.time_ms, r.rating, r.duration_ms, r.kind FROM revlog r
        JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id
        JOIN decks d ON d.id = n.deck_id ORDER BY r.id"
}

# converged A B: same reviews and card states, and integrity_check ok.
converged() {
    reviews "$1" >r1
    reviews "$2" >r2
    compare r1 r2
    state "$1" >s1
    state "$2" >s2
    compare s1 s2
    for db in "$@"; do
        [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] ||
            fail "integrity_check $db"
    done
}

# A deck of N basic notes n1..nN (and a reversed one) in FILE.
write_deck() {
    {
        printf 'deck: %s\ntitle: Sync test\n' "$2"
        for i in $(seq "$3"); do
            printf '\nbasic: n%d\nQ: question %d%s\nA: answer %d\n' \
                "$i" "$i" "${4:-}" "$i"
        done
        printf '\nreversed: rev\nQ: front\nA: back\n'
    } >"$1"
}
