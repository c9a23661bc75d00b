#!/bin/bash
# t5002 -- `recall serve` against malformed requests: each gets a 4xx with
# the JSON error body, and the server keeps serving (a valid pull works
# after every one).
#   5002.1  push bodies: truncated JSON, wrong types, numbers out of range
#           or too big for 64 bits, invalid UTF-8, unknown and missing
#           fields, duplicate keys, a batch of 501, bad ids, cards, hlcs
#   5002.2  a 10 MB body (413), wrong or missing Content-Type (415)
#   5002.3  wrong methods (405), bad paths (404), bad pull queries (400)
#   5002.4  bad Authorization headers (401); login and register bodies
#   5002.5  at least 200 cases in all; nothing half-pushed
#   5002.6  a good batch sent twice: the second time all duplicates, the
#           log unchanged
. "$(dirname "$0")/lib.sh"
"$RECALL" serve --listen 127.0.0.1:0 --data srv --open-registration \
    --rate-limit 100000 >serve.out 2>serve.log &
pid=$!
for _ in $(seq 100); do
    [ -s serve.out ] && break
    sleep 0.1
done
port=$(sed -n 's/^listening on http:\/\/127.0.0.1://p' serve.out)
[ -n "$port" ] || fail "no listening line: $(cat serve.out serve.log)"

python3 - "$port" <<'PY'
import http.client, json, sys
port = int(sys.argv[1])

def request(method, path, body=b"", headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("X-Recall-Protocol"), data

J = {"Content-Type": "application/json"}
def post(path, obj):
    return request("POST", path, json.dumps(obj).encode(), J)

st, _, _ = post("/v1/register", {"user": "ann", "password": "ann-password"})
assert st == 201
st, _, d = post("/v1/login", {"user": "ann", "password": "ann-password"})
token = json.loads(d)["token"]
AUTH = {"Authorization": "Bearer " + token, **J}

def valid_pull():
    st, proto, d = request("GET", "/v1/pull?after=0", headers=AUTH)
    assert st == 200 and proto == "1", (st, d)
    return json.loads(d)

review = {"type": "review", "id": "0123456789abcdef0123456789abcdef",
          "card": "theses/thesis-a#1", "time_ms": 1767607200000, "rating": 3,
          "duration_ms": 5400, "kind": "study"}
note = {"type": "note", "deck": "theses", "note": "thesis-a",
        "hlc": "1767607200000-0000-9f3c2a7b11d04e52", "retired": False,
        "kind": "basic", "position": 1, "front": "f", "back": "b",
        "items": [], "pool": None, "tags": "", "source": "", "hint": "",
        "explain": "", "ignore_accents": False}
deck = {"type": "deck", "deck": "theses", "hlc": "1767607200000-0000-9f3c2a7b11d04e52",
        "title": "T", "source_file": "s.txt", "source_text": "x",
        "options": {"scheduler": "fsrs", "retention": 0.9, "new_per_day": 20}}
flag = {"type": "flag", "card": "theses/thesis-a#1",
        "hlc": "1767607200000-0000-9f3c2a7b11d04e52", "suspended": True,
        "buried_until_ms": 0}

cases = []  # (label, method, path, body bytes, headers, expected status)
def push_case(label, body, want=400, headers=AUTH):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    cases.append((label, "POST", "/v1/push", body, headers, want))

# 5002.1 truncated JSON
full = json.dumps({"changes": [review, note, deck, flag]}).encode()
for cut in range(1, len(full), max(1, len(full) // 40)):
    push_case("truncated at %d" % cut, full[:cut])
# wrong types, field by field
wrong = [[], {}, "x", 1.5, True, None, -1]
for base in (review, note, deck, flag):
    for key in base:
        if key == "type":
            continue
        for w in wrong:
            if w is None and key in ("pool", "source", "source_file", "source_text"):
                continue
            if isinstance(w, str) and key not in ("id", "card", "hlc") and not (key == "kind" and base is review):
                continue
            if isinstance(w, (bool, int, float)) and type(w) is type(base[key]):
                continue
            if isinstance(w, (list, str)) and key == "pool":
                continue
            if isinstance(w, list) and key == "items":
                continue
            if isinstance(w, dict) and key == "options":
                continue
            c = dict(base)
            c[key] = w
            push_case("%s.%s=%r" % (base["type"], key, w), {"changes": [c]})
# numbers out of range, too big
for key, v in (("time_ms", b"1e400"), ("time_ms", b"99999999999999999999"),
               ("time_ms", b"-5"), ("time_ms", b"9007199254740993"),
               ("rating", b"0"), ("rating", b"5"), ("rating", b"3.0"),
               ("duration_ms", b"-1"), ("duration_ms", b"1e3")):
    body = json.dumps({"changes": [review]}).encode()
    body = body.replace(b'"%s": %d' % (key.encode(), review[key]), b'"%s": %s' % (key.encode(), v))
    push_case("%s=%s" % (key, v.decode()), body)
# invalid UTF-8 in strings
for bad in (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"):
    push_case("utf8 %r" % bad, b'{"changes":[{"type":"note","deck":"d' + bad +
              b'","note":"n","hlc":"1767607200000-0000-9f3c2a7b11d04e52","retired":false}]}')
    push_case("utf8 key %r" % bad, b'{"chan' + bad + b'ges":[]}')
# unknown and missing fields, duplicates, odd shapes
push_case("unknown top", {"changes": [], "extra": 1})
for w in ("7", -1, 1.5, None, True, [1], 2**63, 10**30):
    push_case("after=%r" % (w,), {"after": w, "changes": [review]})
push_case("unknown in review", {"changes": [dict(review, extra=1)]})
push_case("unknown in options", {"changes": [dict(deck, options={"colour": "red"})]})
push_case("unknown type", {"changes": [dict(review, type="card")]})
for base in (review, note, deck, flag):
    for key in base:
        if key in ("type", "id", "card", "time_ms", "rating", "deck", "note", "hlc", "retired"):
            c = {k: v for k, v in base.items() if k != key}
            push_case("missing %s.%s" % (base["type"], key), {"changes": [c]})
push_case("duplicate key", b'{"changes":[],"changes":[]}')
push_case("array body", [])
push_case("null body", b"null")
push_case("empty body", b"")
push_case("changes not a list", {"changes": {}})
push_case("change not object", {"changes": [1]})
push_case("nul in string", b'{"changes":[{"type":"note","deck":"a\\u0000b","note":"n","hlc":"1767607200000-0000-9f3c2a7b11d04e52","retired":false}]}')
for bad_id in ("", "0123", "0123456789ABCDEF0123456789ABCDEF", "g" * 32, "0" * 33):
    push_case("id %r" % bad_id, {"changes": [dict(review, id=bad_id)]})
for bad_card in ("", "theses", "theses/a", "theses/a#0", "theses/a#x", "/a#1", "theses/#1", "a\nb/c#1", "theses/a#12345"):
    push_case("card %r" % bad_card, {"changes": [dict(review, card=bad_card)]})
for bad_hlc in ("", "1", "1767607200000-0000-9F3C2A7B11D04E52", "1767607200000-000-9f3c2a7b11d04e52x", "x" * 35):
    push_case("hlc %r" % bad_hlc, {"changes": [dict(note, hlc=bad_hlc)]})
push_case("kind", {"changes": [dict(review, kind="cram")]})
push_case("batch of 501", {"changes": [dict(review, id="%032x" % i) for i in range(501)]})
# 5002.2
push_case("10 MB", b'{"changes":["' + b"x" * (10 << 20) + b'"]}', 413)
push_case("no content type", {"changes": []}, 415, {"Authorization": AUTH["Authorization"]})
push_case("text/plain", {"changes": []}, 415, dict(AUTH, **{"Content-Type": "text/plain"}))
# 5002.3
for m, p in (("GET", "/v1/push"), ("PUT", "/v1/push"), ("DELETE", "/v1/pull"),
             ("POST", "/v1/pull"), ("GET", "/v1/login"), ("GET", "/v1/register"),
             ("PATCH", "/v1/groups"), ("GET", "/v1/groups/join"),
             ("GET", "/v1/groups/g/invites"), ("POST", "/v1/groups/g/report"),
             ("DELETE", "/v1/logout"), ("POST", "/v1/ping")):
    cases.append(("method %s %s" % (m, p), m, p, b"", AUTH, 405))
for p in ("/", "/v1", "/v1/", "/v2/push", "/v1/pushx", "/v1/push/", "/v1/groups/g",
          "/v1/groups//invites", "/v1/groups/g/members", "/v1/pull/x", "/%00",
          "/v1/groups/" + "a" * 300 + "/report", "/v1/../v1/push"):
    cases.append(("path %s" % p[:40], "GET", p, b"", AUTH, 404))
for q in ("after=-1", "after=x", "after=", "limit=0", "limit=1001", "limit=1.5",
          "after=99999999999999999999", "foo=1", "after=1&limit=2&x=3"):
    cases.append(("pull ?%s" % q, "GET", "/v1/pull?" + q, b"", AUTH, 400))
# 5002.4
for h in ("Basic YW5uOmFubi1wYXNzd29yZA==", "Bearer", "Bearer ", "bearer " + token,
          "Bearer  " + token, "Bearer " + token[:-1], "Bearer " + token + "0",
          "Bearer " + token + " ", "Bearer " + token.upper(), "Token " + token):
    cases.append(("auth %r" % h[:20], "GET", "/v1/pull", b"", {"Authorization": h}, 401))
for body, want in ((b'{"user":"ann"}', 400), (b'{"user":1,"password":"x"}', 400),
                   (b'{"user":"ann","password":"ann-password","x":1}', 400),
                   (b'{"user":"ann","password":["a"]}', 400), (b'[', 400),
                   (b'{"user":"a\xffb","password":"ann-password"}', 400)):
    cases.append(("login %r" % body[:20], "POST", "/v1/login", body, J, want))
    cases.append(("register %r" % body[:20], "POST", "/v1/register", body, J,
                  409 if b'"x"' in body and False else want))
for body in (b'{"user":"bad name","password":"long-enough"}',
             b'{"user":"ok","password":"short"}', b'{"user":"","password":"long-enough"}'):
    cases.append(("register %r" % body[:24], "POST", "/v1/register", body, J, 400))
cases.append(("groups bad name", "POST", "/v1/groups", b'{"name":"a/b"}', AUTH, 400))
cases.append(("groups no name", "POST", "/v1/groups", b'{}', AUTH, 400))
cases.append(("join wrong type", "POST", "/v1/groups/join", b'{"code":5}', AUTH, 400))
cases.append(("logout with body", "POST", "/v1/logout", b'{"x":1}', AUTH, 400))

assert len(cases) >= 200, len(cases)
before = valid_pull()
bad = []
for label, method, path, body, headers, want in cases:
    st, proto, data = request(method, path, body, headers)
    if st != want:
        bad.append((label, st, want, data[:100]))
        continue
    assert proto == "1", (label, "no X-Recall-Protocol")
    doc = json.loads(data)
    assert set(doc) == {"error"} and set(doc["error"]) == {"code", "message"}, (label, doc)
    assert isinstance(doc["error"]["message"], str) and doc["error"]["message"], label
    valid_pull()
assert not bad, "\n".join(map(repr, bad))
assert valid_pull() == before, "a malformed push changed the log"
print("t5002: %d malformed requests" % len(cases))

# 5002.6 -- a good batch sent twice is kept once.
batch = json.dumps({"changes": [note, dict(review, id="f" * 32),
                                dict(review, id="e" * 32)]}).encode()
st, _, d = request("POST", "/v1/push", batch, AUTH)
first = json.loads(d)
assert st == 200 and first["accepted"] == 3 and first["duplicates"] == 0, first
after_once = valid_pull()
st, _, d = request("POST", "/v1/push", batch, AUTH)
again = json.loads(d)
assert st == 200 and again["accepted"] == 0 and again["duplicates"] == 3, again
assert valid_pull()["changes"] == after_once["changes"], "a repeat changed the log"
PY

kill -TERM "$pid"
wait "$pid" || fail "serve exited $? on SIGTERM"
echo "t5002: ok"
