#!/bin/bash
# t5001 -- `recall serve`: accounts, tokens and who sees what.
#   5001.1  --add-user from stdin; register (open), login, logout
#   5001.2  every endpoint but ping, register and login: 401 without a
#           token, with a malformed one and with a revoked one
#   5001.3  another account's group: 404 on invites, decks and report
#   5001.4  a wrong password or unknown user: 401, slowed down
#   5001.5  no password or token in plain text in the server database
#   5001.6  SIGTERM while a request is in flight (a wrong-password login,
#           slowed 250 ms): that request still gets its whole 401 answer,
#           the server exits 0, and then no longer listens
. "$(dirname "$0")/lib.sh"
printf 'zed-password\n' | "$RECALL" serve --add-user zed --data srv >out
echo "user added: zed" >want
compare want out
expect_exit 1 "$RECALL" serve --add-user zed --data srv </dev/null 2>err

"$RECALL" serve --listen 127.0.0.1:0 --data srv --open-registration \
    >serve.out 2>serve.log &
pid=$!
for _ in $(seq 100); do
    [ -s serve.out ] && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' serve.out)
[ -n "$url" ] || fail "no listening line: $(cat serve.out serve.log)"

python3 - "$url" <<'PY'
import json, sys, time, urllib.request, urllib.error
url = sys.argv[1]

def call(method, path, body=None, token=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req) as r:
            status, headers, text = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, headers, text = e.code, e.headers, e.read()
    assert headers.get("X-Recall-Protocol") == "1", (path, dict(headers))
    doc = json.loads(text) if text else None
    if status >= 400:
        assert set(doc) == {"error"} and set(doc["error"]) == {"code", "message"}, doc
    return status, doc

# 5001.1
st, doc = call("POST", "/v1/register", {"user": "ann", "password": "ann-password"})
assert (st, doc) == (201, {"user": "ann"}), (st, doc)
st, doc = call("POST", "/v1/register", {"user": "ann", "password": "other-password"})
assert st == 409 and doc["error"]["code"] == "conflict", doc
call("POST", "/v1/register", {"user": "bob", "password": "bob-password"})
st, ann = call("POST", "/v1/login", {"user": "ann", "password": "ann-password"})
assert st == 200 and len(ann["token"]) == 64 and ann["protocol"] == 1, ann
# The server's clock runs on from RECALL_NOW (2026-01-05T10:00Z): 30 days.
expiry = 1767607200000 + 30 * 86400000
assert ann["user"] == "ann" and expiry <= ann["expires_ms"] < expiry + 600000, ann
st, zed = call("POST", "/v1/login", {"user": "zed", "password": "zed-password"})
assert st == 200, zed
st, bob = call("POST", "/v1/login", {"user": "bob", "password": "bob-password"})
st, doc = call("POST", "/v1/groups", {"name": "class-3b"}, ann["token"])
assert (st, doc) == (201, {"group": "class-3b"}), doc

# 5001.2
endpoints = [("POST", "/v1/logout", None), ("POST", "/v1/push", {"changes": []}),
             ("GET", "/v1/pull?after=0", None), ("POST", "/v1/groups", {"name": "x"}),
             ("POST", "/v1/groups/join", {"code": "AAAA-BBBB"}),
             ("POST", "/v1/groups/class-3b/invites", None),
             ("POST", "/v1/groups/class-3b/decks", {"deck": "d"}),
             ("GET", "/v1/groups/class-3b/report", None)]
for m, p, b in endpoints:
    for tok in (None, "0" * 64, "not-hex", ann["token"].upper()):
        st, doc = call(m, p, b, tok)
        assert st == 401 and doc["error"]["code"] == "unauthorized", (m, p, tok, st, doc)

# 5001.3
for m, p, b in endpoints[5:]:
    st, doc = call(m, p, b, bob["token"])
    assert st == 404 and doc["error"]["code"] == "not_found", (p, st, doc)
    st, doc = call(m, p.replace("class-3b", "nosuch"), b, ann["token"])
    assert st == 404, (p, st, doc)
st, inv = call("POST", "/v1/groups/class-3b/invites", None, ann["token"])
assert st == 201 and len(inv["code"]) == 9, inv
st, doc = call("POST", "/v1/groups/join", {"code": inv["code"]}, bob["token"])
assert (st, doc) == (200, {"group": "class-3b"}), doc
st, doc = call("GET", "/v1/groups/class-3b/report", None, bob["token"])
assert st == 404, doc   # a member, not the owner
st, doc = call("GET", "/v1/groups/class-3b/report", None, ann["token"])
assert st == 200 and [m["user"] for m in doc["members"]] == ["bob"], doc

# 5001.4
for user, pw in (("ann", "wrong-password"), ("nobody", "whatever-pw")):
    t0 = time.monotonic()
    st, doc = call("POST", "/v1/login", {"user": user, "password": pw})
    assert st == 401 and doc["error"]["code"] == "unauthorized", doc
    assert time.monotonic() - t0 >= 0.25, "a wrong password was not slowed"

# logout revokes
st, doc = call("POST", "/v1/logout", None, zed["token"])
assert (st, doc) == (204, None), (st, doc)
st, doc = call("GET", "/v1/pull", None, zed["token"])
assert st == 401, doc
open("secrets", "w").write("\n".join([ann["token"], bob["token"], zed["token"],
                                      "ann-password", "bob-password", "zed-password"]))
PY

# 5001.5: the database (and its WAL) hold none of them in plain text.
while read -r secret; do
    if cat srv/*.db* | grep -aq -- "$secret"; then
        fail "'$secret' found in the server database"
    fi
done <secrets

# 5001.6
curl -s -o inflight.json -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' \
    -d '{"user": "zed", "password": "not-the-password"}' \
    "$url/v1/login" >inflight.code &
curl_pid=$!
sleep 0.1 # the login is now being checked and slowed
kill -TERM "$pid"
wait "$curl_pid" || fail "the request in flight got no answer (curl $?)"
[ "$(cat inflight.code)" = 401 ] || fail "in flight: status $(cat inflight.code)"
python3 -c 'import json; d = json.load(open("inflight.json")); assert d["error"]["code"] == "unauthorized", d' ||
    fail "in flight: body $(cat inflight.json)"
wait "$pid" || fail "serve exited $? on SIGTERM"
expect_exit 7 curl -s -o /dev/null "$url/v1/ping"
echo "t5001: ok"
