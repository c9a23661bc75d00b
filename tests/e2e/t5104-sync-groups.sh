#!/bin/bash
# t5104 -- study groups: a teacher and two students on the real server.
#   5104.1  the teacher creates a group and invites; both students join
#           with the code; a bad code, a taken name and a bad name fail
#   5104.2  the teacher publishes a deck; the students' next sync brings
#           it; they study and sync
#   5104.3  the teacher edits a card and re-imports; the students get the
#           edit and keep their progress (card_state unchanged)
#   5104.4  the report (text, --json, --csv): each member's reviews per
#           card, retention, cards due, last study day
#   5104.5  a non-member, a member who is not the owner, no session: clear
#           errors (the server's 404 is "no group"); --help; usage errors
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server
write_deck t.deck t 4
"$RECALL" --db teach.db import t.deck >/dev/null
"$RECALL" --db s1.db init --empty >/dev/null
"$RECALL" --db s2.db init --empty >/dev/null
"$RECALL" --db out.db init --empty >/dev/null
join teacher teach.db
join ann s1.db
join bob s2.db
join eve out.db
"$RECALL" --db teach.db sync >/dev/null

# 5104.1
"$RECALL" --db teach.db group create class-3b >out
echo "created group 'class-3b'" >expect
compare expect out
expect_exit 1 "$RECALL" --db teach.db group create class-3b 2>err
echo "recall: group 'class-3b' exists" >expect
compare expect err
expect_exit 1 "$RECALL" --db teach.db group create 'bad/name' 2>err
echo "recall: invalid group name 'bad/name': use 1-64 of A-Z a-z 0-9 . _ -" >expect
compare expect err
"$RECALL" --db teach.db group invite class-3b >code 2>/dev/null
grep -Eq '^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$' code || fail "code: $(cat code)"
code=$(cat code)
"$RECALL" --db s1.db group join "$code" >out 2>/dev/null
echo "joined group 'class-3b'" >expect
compare expect out
"$RECALL" --db s2.db group join "$code" >/dev/null 2>&1
expect_exit 1 "$RECALL" --db out.db group join ZZZZ-ZZZZ 2>err
echo "recall: unknown or expired invite 'ZZZZ-ZZZZ'" >expect
compare expect err

# 5104.2 -- no --group: the teacher created one group here.
"$RECALL" --db teach.db group publish t >out 2>/dev/null
echo "published 't' to 'class-3b'" >expect
compare expect out
expect_exit 1 "$RECALL" --db teach.db group publish nodeck 2>err
echo "recall: no deck 'nodeck' in this collection" >expect
compare expect err
for s in s1 s2; do
    "$RECALL" --db $s.db sync >/dev/null
    [ "$(sqlite3 $s.db 'SELECT count(*) FROM cards')" = 6 ] ||
        fail "$s has no deck"
done
[ "$(sqlite3 out.db 'SELECT count(*) FROM cards')" = 0 ] || fail "eve has cards"
"$RECALL" --db out.db sync >/dev/null
[ "$(sqlite3 out.db 'SELECT count(*) FROM cards')" = 0 ] || fail "eve got the deck"

grade() { # DB DAY CARD RATING
    RECALL_NOW="2026-01-$2T10:00:00Z" "$RECALL" --db "$1" card grade "$3" "$4" \
        >/dev/null
}
grade s1.db 10 t/n1 good
grade s1.db 10 t/n2 again
grade s1.db 12 t/n1 good
grade s1.db 12 t/n2 good
grade s2.db 11 t/n3 easy
for s in s1 s2; do "$RECALL" --db $s.db sync >/dev/null; done
# The teacher's own collection never gets the students' reviews.
"$RECALL" --db teach.db sync >/dev/null
[ "$(sqlite3 teach.db 'SELECT count(*) FROM revlog')" = 0 ] ||
    fail "students' reviews reached the teacher"

# 5104.3
state s1.db >s1.before
state s2.db >s2.before
[ -s s1.before ] || fail "no progress to keep"
write_deck t.deck t 4 ' (edited)'
"$RECALL" --db teach.db import t.deck >/dev/null
"$RECALL" --db teach.db sync >/dev/null
for s in s1 s2; do
    "$RECALL" --db $s.db sync >/dev/null
    [ "$(sqlite3 $s.db "SELECT front FROM notes WHERE key = 'n1'")" = \
        "question 1 (edited)" ] || fail "$s did not get the edit"
    state $s.db >$s.after
    compare $s.before $s.after
done
[ "$(sqlite3 s1.db 'SELECT count(*) FROM revlog')" = 4 ] || fail "s1 reviews"
# Studying on after the edit still counts.
grade s1.db 20 t/n1 hard
"$RECALL" --db s1.db sync >/dev/null

# 5104.4
"$RECALL" --db teach.db group report --json class-3b >report.json
python3 - <<'PY' || fail "report json: $(cat report.json)"
import json
d = json.load(open("report.json"))
assert d["group"] == "class-3b", d
m = {x["user"]: x for x in d["members"]}
assert sorted(m) == ["ann", "bob"], m
cards = {c["card"]: c for c in m["ann"]["cards"]}
assert sorted(cards) == ["t/n1#1", "t/n2#1"], cards
assert cards["t/n1#1"]["reviews"] == 3 and cards["t/n1#1"]["retention"] == 1
assert cards["t/n2#1"]["reviews"] == 2 and cards["t/n2#1"]["retention"] == 0.5
assert m["ann"]["reviews"] == 5 and m["ann"]["retention"] == 0.8, m["ann"]
assert m["ann"]["last_study_ms"] == 1768903200000, m["ann"]  # 2026-01-20T10Z
assert isinstance(m["ann"]["cards_due"], int)
assert [c["card"] for c in m["bob"]["cards"]] == ["t/n3#1"]
assert m["bob"]["reviews"] == 1 and m["bob"]["cards"][0]["retention"] == 1
PY
"$RECALL" --db teach.db group report --csv report.csv class-3b >report.txt
cut -d, -f1-4,6,7 report.csv >got
cat >expect <<'CSV'
user,card,reviews,retention,last_review_ms,last_review_day
ann,t/n1#1,3,1.0000,1768903200000,2026-01-20
ann,t/n2#1,2,0.5000,1768212000000,2026-01-12
bob,t/n3#1,1,1.0000,1768125600000,2026-01-11
CSV
compare expect got
grep -q '^ann: 5 reviews, retention 80%, [0-9]* cards due, last studied 2026-01-20$' \
    report.txt || fail "report text: $(cat report.txt)"
grep -q '^bob: 1 reviews, retention 100%' report.txt || fail "bob: $(cat report.txt)"

# 5104.5
expect_exit 1 "$RECALL" --db out.db group report class-3b 2>err
echo "recall: no group 'class-3b' (or you are not its owner)" >expect
compare expect err
expect_exit 1 "$RECALL" --db out.db group publish --group class-3b t 2>err
echo "recall: no deck 't' in this collection" >expect
compare expect err
expect_exit 1 "$RECALL" --db s1.db group invite class-3b 2>err
echo "recall: no group 'class-3b' (or you are not its owner)" >expect
compare expect err
expect_exit 1 "$RECALL" --db s1.db group publish --group class-3b t 2>err
compare expect err
expect_exit 1 "$RECALL" --db teach.db group report nosuch 2>err
echo "recall: no group 'nosuch' (or you are not its owner)" >expect
compare expect err
# The server's answer itself, with eve's token: 404.
token=$(python3 -c 'import json; print(json.load(open("out.db.sync.json"))["profiles"]["default"]["token"])')
status=$(curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $token" \
    "$url/v1/groups/class-3b/report")
[ "$status" = 404 ] || fail "eve's report: $status $(cat body)"
"$RECALL" --db none.db init --empty >/dev/null
expect_exit 1 "$RECALL" --db none.db group create x 2>err
echo "recall: not logged in: run 'recall login URL' first" >expect
compare expect err
expect_exit 2 "$RECALL" --db s1.db group publish t 2>err
grep -q "give --group" err || fail "publish without a group: $(cat err)"
for sub in create invite join publish report; do
    "$RECALL" group $sub --help >out
    grep -q "recall group $sub" out || fail "$sub --help"
done
expect_exit 2 "$RECALL" --db s1.db group 2>/dev/null
expect_exit 2 "$RECALL" --db s1.db group frob 2>/dev/null
expect_exit 2 "$RECALL" --db s1.db group create 2>/dev/null
expect_exit 2 "$RECALL" --db s1.db group report --bogus x 2>/dev/null
