#!/bin/bash
# t5110 -- `recall logout`.
#   5110.1  the server revokes the token (a request with it is then 401),
#           the session leaves <db>.sync.json, other profiles' stay
#   5110.2  logged out: logout and sync say so, exit 1
#   5110.3  the server unreachable: the session is forgotten here all the
#           same, with a warning naming when it ends there; exit 1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server
"$RECALL" --db c.db init --empty >/dev/null
"$RECALL" --db c.db profile add bob >/dev/null
join ann c.db
RECALL_PROFILE=bob join bob c.db
token() {
    python3 -c 'import json, sys
print(json.load(open("c.db.sync.json"))["profiles"][sys.argv[1]]["token"])' "$1"
}
pushed() { # TOKEN: the HTTP status of an empty push with it
    curl -s -o /dev/null -w '%{http_code}' -X POST \
        -H 'Content-Type: application/json' -H "Authorization: Bearer $1" \
        -d '{"changes": []}' "$url/v1/push"
}

# 5110.1
ann=$(token default)
[ "$(pushed "$ann")" = 200 ] || fail "ann's token does not work"
"$RECALL" --db c.db logout 2>err || fail "logout: $(cat err)"
echo "logged out of $url" >want
compare want err
[ "$(pushed "$ann")" = 401 ] || fail "the server did not revoke ann's token"
python3 -c 'import json
p = json.load(open("c.db.sync.json"))["profiles"]
assert list(p) == ["bob"], p'
[ "$(stat -c %a c.db.sync.json)" = 600 ] || fail "session file mode"

# 5110.2
expect_exit 1 "$RECALL" --db c.db logout 2>err
grep -q "^recall: .*not logged in" err || fail "logout twice: $(cat err)"
expect_exit 1 "$RECALL" --db c.db sync 2>err
grep -q "not logged in" err || fail "sync after logout: $(cat err)"

# 5110.3
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
expect_exit 1 "$RECALL" --db c.db --profile bob logout 2>err
grep -q "^recall: warning: server unreachable" err || fail "no warning: $(cat err)"
grep -q "the session ends there on its own at 2026-02-04T10:0" err ||
    fail "no end date: $(cat err)"
[ ! -e c.db.sync.json ] || fail "the last session did not go: $(cat c.db.sync.json)"
