#!/bin/bash
# t5101 -- two collections of one account study offline and sync.
#   5101.1  a deck imported on A reaches B; B studies it offline
#   5101.2  A and B study on different days, then sync in every order
#           (AB, BA, ABA, BAB): both hold the same reviews and card
#           states, field by field, and integrity_check is ok
#   5101.3  a suspend on B reaches A; a sync with nothing new is a no-op
#   5101.4  --json summary (a first sync does not pull back what it
#           pushed); the session file is 0600
#   5101.5  wrong password, an unknown token, a token past its expiry
#           (the server restarted 31 days on), an unreachable server
#   5101.6  a server of another protocol version; not a recall server
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server
write_deck t.deck t 6
"$RECALL" --db a.db import t.deck >/dev/null
"$RECALL" --db b.db init --empty >/dev/null
join ann a.db
join ann b.db
[ "$(stat -c %a a.db.sync.json)" = 600 ] || fail "session file mode"

# 5101.1
"$RECALL" --db a.db sync --json >out
# What A pushed is not pulled back (the push reply's seen_to); B gets it.
python3 -c 'import json,sys; d=json.load(open("out")); assert d["pushed"] == 8 and d["pulled"] == 0, d'
"$RECALL" --db b.db sync --json >out
python3 -c 'import json,sys; d=json.load(open("out")); assert d["pulled"] == 8, d'
[ "$(sqlite3 b.db 'SELECT count(*) FROM cards')" = 8 ] || fail "B has no cards"

grade() { # DB DAY CARD RATING
    RECALL_NOW="2026-01-$2T10:00:00Z" "$RECALL" --db "$1" card grade "$3" "$4" \
        >/dev/null
}

# 5101.2 -- each order starts from both having studied offline.
day=10
for order in AB BA ABA BAB; do
    day=$((day + 1))
    grade a.db $day t/n1 good
    grade a.db $day "t/rev#2" again
    grade b.db $day t/n2 hard
    day=$((day + 1))
    grade b.db $day t/n1 easy
    grade a.db $day t/n3 good
    for side in $(echo $order | fold -w1); do
        db=$(echo "$side" | tr AB ab).db
        "$RECALL" --db "$db" sync >/dev/null
    done
    # The one that synced first lacks the other's reviews until it syncs
    # again; then both agree.
    "$RECALL" --db a.db sync >/dev/null
    "$RECALL" --db b.db sync >/dev/null
    converged a.db b.db
done
[ "$(sqlite3 a.db 'SELECT count(*) FROM revlog')" = 20 ] || fail "reviews"
[ "$(sqlite3 a.db "SELECT reps FROM card_state s JOIN cards c ON c.id = s.card_id
    JOIN notes n ON n.id = c.note_id WHERE n.key = 'n1'")" = 8 ] ||
    fail "n1 reps"

# 5101.3
"$RECALL" --db b.db card suspend t/n4 >/dev/null
"$RECALL" --db b.db sync >/dev/null
"$RECALL" --db a.db sync >/dev/null
converged a.db b.db
[ "$(sqlite3 a.db "SELECT suspended FROM card_state s JOIN cards c ON
    c.id = s.card_id JOIN notes n ON n.id = c.note_id WHERE n.key = 'n4'")" = 1 ] ||
    fail "suspend did not reach A"
"$RECALL" --db a.db sync --json >out
python3 -c 'import json,sys; d=json.load(open("out")); assert d["pushed"] == 0 and d["reviews"] == 0, d'

# 5101.5
echo wrong-password | expect_exit 1 "$RECALL" --db c.db login --user ann "$url" 2>err
grep -q "wrong user or password" err || fail "wrong password: $(cat err)"
cp a.db.sync.json good.sync.json
sed -i 's/"token": "[0-9a-f]*"/"token": "'"$(printf '%064d' 0)"'"/' a.db.sync.json
expect_exit 1 "$RECALL" --db a.db sync 2>err
grep -q "session expired or revoked.*recall login" err || fail "unknown token: $(cat err)"
# A real token past its 30 days: the server runs on from 31 days later.
mv good.sync.json a.db.sync.json
kill "$server_pid"
wait "$server_pid" || true
RECALL_NOW=2026-02-05T10:00:00Z start_server "${url##*:}"
expect_exit 1 "$RECALL" --db a.db sync 2>err
grep -q "session expired or revoked.*recall login" err || fail "expired token: $(cat err)"
echo "secret-ann" | "$RECALL" --db a.db login --user ann "$url" 2>/dev/null ||
    fail "login again"
"$RECALL" --db a.db sync >/dev/null || fail "sync after a new login"
kill "$server_pid"
wait "$server_pid" || true
expect_exit 1 "$RECALL" --db b.db sync 2>err
grep -q "server unreachable" err || fail "unreachable: $(cat err)"

# 5101.6: a server of another protocol version, and something that is no
# recall server at all: each said plainly, and the session file is kept.
cat >fake.py <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"error": {"code": "x", "message": "y"}}'
        self.send_response(200)
        if sys.argv[1] != "none":
            self.send_header("X-Recall-Protocol", sys.argv[1])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_port, flush=True)
s.serve_forever()
PY
for proto in 2 none; do
    : >fake.port
    python3 fake.py $proto >fake.port &
    fake_pid=$!
    for _ in $(seq 100); do
        [ -s fake.port ] && break
        sleep 0.1
    done
    fake_url=http://127.0.0.1:$(cat fake.port)
    echo pw | expect_exit 1 "$RECALL" --db c.db login --user ann "$fake_url" 2>err
    kill $fake_pid
    wait $fake_pid 2>/dev/null || true
    if [ $proto = 2 ]; then
        echo "recall: $fake_url: incompatible server version (it speaks sync protocol 2, this recall speaks 1): upgrade the older of the two" >want
    else
        echo "recall: $fake_url is not a recall sync server (its reply has no valid X-Recall-Protocol header)" >want
    fi
    compare want err
done
[ ! -e c.db.sync.json ] || fail "a failed login wrote a session"
