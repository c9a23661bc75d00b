#!/bin/bash
# t5106 -- the connection drops in the middle of a reply's body.
#   A proxy on 127.0.0.1 in front of the real server forwards each request
#   whole, then, while armed for a path, sends only half of the reply's
#   body and closes the connection.
#   5106.1  push: the server took the batch but the reply is cut; the
#           client reports the error and marks nothing; the next sync
#           re-sends it, and the server keeps each review once
#   5106.2  pull: the reply is cut; nothing is applied and the pull mark
#           stays; the next sync completes
#   5106.3  afterwards both collections hold the same reviews (each once)
#           and card states, every review is acknowledged, and
#           integrity_check is ok
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server

cat >proxy.py <<'PY'
import os, socket, sys, threading
up_host, up_port = sys.argv[1], int(sys.argv[2])

def read_request(c):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = c.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v.strip())
    while len(body) < length:
        chunk = c.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head, body

def handle(c):
    try:
        req = read_request(c)
        if req is None:
            return
        head, body = req
        lines = [l for l in head.split(b"\r\n")
                 if not l.lower().startswith(b"connection:")]
        path = lines[0].split(b" ")[1].decode()
        u = socket.create_connection((up_host, up_port))
        u.sendall(b"\r\n".join(lines) + b"\r\nConnection: close\r\n\r\n" + body)
        reply = b""
        while True:
            chunk = u.recv(65536)
            if not chunk:
                break
            reply += chunk
        u.close()
        rhead, _, rbody = reply.partition(b"\r\n\r\n")
        rlines = [l for l in rhead.split(b"\r\n")
                  if not l.lower().startswith(b"connection:")]
        rhead = b"\r\n".join(rlines) + b"\r\nConnection: close\r\n\r\n"
        cut = open("cut").read().strip() if os.path.exists("cut") else ""
        if cut and path.startswith(cut) and len(rbody) > 1:
            c.sendall(rhead + rbody[: len(rbody) // 2])
            with open("cuts.log", "a") as log:
                log.write(path.split("?")[0] + "\n")
        else:
            c.sendall(rhead + rbody)
    finally:
        c.close()

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
while True:
    conn, _ = s.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
PY
host_port=${url#http://}
python3 proxy.py "${host_port%:*}" "${host_port##*:}" >proxy.port &
proxy_pid=$!
trap 'kill $proxy_pid $server_pid 2>/dev/null || true; rm -rf "$TEST_DIR"' EXIT
for _ in $(seq 100); do
    [ -s proxy.port ] && break
    sleep 0.1
done
[ -s proxy.port ] || fail "proxy did not start"
url="http://127.0.0.1:$(cat proxy.port)" # everyone goes through the proxy

write_deck t.deck t 4
"$RECALL" --db a.db import t.deck >/dev/null
"$RECALL" --db b.db init --empty >/dev/null
join ann a.db
join ann b.db
"$RECALL" --db a.db sync >/dev/null
"$RECALL" --db b.db sync >/dev/null
[ "$(sqlite3 b.db 'SELECT count(*) FROM cards')" = 6 ] || fail "setup"

grade() { # DB DAY CARD RATING
    RECALL_NOW="2026-01-$2T10:00:00Z" "$RECALL" --db "$1" card grade "$3" "$4" \
        >/dev/null
}
unsynced() {
    sqlite3 "$1" 'SELECT count(*) FROM revlog WHERE synced = 0'
}

# 5106.1 -- push cut: retried, then reported; nothing marked.
grade a.db 10 t/n1 good
grade a.db 10 t/n2 again
grade a.db 11 t/n3 easy
echo /v1/push >cut
expect_exit 1 "$RECALL" --db a.db sync 2>err
grep -q "/v1/push: the connection broke during the transfer" err ||
    fail "push cut: $(cat err)"
grep -qx /v1/push cuts.log || fail "the proxy cut no push"
[ "$(unsynced a.db)" = 3 ] || fail "reviews marked without an ack"
: >cut
"$RECALL" --db a.db sync --json >out
python3 -c 'import json; d=json.load(open("out")); assert d["pushed"] == 3, d'
[ "$(unsynced a.db)" = 0 ] || fail "reviews left unsynced"
# The server holds each review once: B gets exactly three.
"$RECALL" --db b.db sync --json >out
python3 -c 'import json; d=json.load(open("out")); assert d["reviews"] == 3, d'
[ "$(sqlite3 b.db 'SELECT count(*) FROM revlog')" = 3 ] || fail "B reviews"

# 5106.2 -- pull cut: nothing applied, the mark stays.
grade a.db 12 t/n1 good
grade a.db 12 "t/rev#2" hard
"$RECALL" --db a.db sync >/dev/null
seq_before=$(sqlite3 b.db 'SELECT last_seq FROM sync_state')
reviews b.db >b.before
: >cuts.log
echo /v1/pull >cut
expect_exit 1 "$RECALL" --db b.db sync 2>err
grep -q "/v1/pull.*: the connection broke during the transfer" err ||
    fail "pull cut: $(cat err)"
grep -qx /v1/pull cuts.log || fail "the proxy cut no pull"
reviews b.db >b.after
compare b.before b.after
[ "$(sqlite3 b.db 'SELECT last_seq FROM sync_state')" = "$seq_before" ] ||
    fail "pull mark moved"
: >cut
"$RECALL" --db b.db sync >/dev/null

# 5106.3
"$RECALL" --db a.db sync >/dev/null
converged a.db b.db
[ "$(sqlite3 a.db 'SELECT count(*) FROM revlog')" = 5 ] || fail "A reviews"
[ "$(sqlite3 b.db 'SELECT count(*), count(DISTINCT id) FROM revlog')" = "5|5" ] ||
    fail "B reviews"
[ "$(unsynced a.db)" = 0 ] && [ "$(unsynced b.db)" = 0 ] || fail "unsynced"
