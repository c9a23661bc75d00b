#!/bin/bash
# t1510 -- answers recorded through the collection follow FSRS-6 exactly.
#   1510.1  reference histories (tests/data/fsrs/vectors.json, default set)
#           graded one answer at a time with `recall card grade`, fuzz off
#           and study days at UTC midnight: every state matches ts-fsrs
#   1510.2  the stored state equals the replay of the log (`card explain`
#           warns otherwise), and explain lists every review
#   1510.3  bad grades and unknown cards: usage error or clear message
. "$(dirname "$0")/lib.sh"
printf 'deck: v\ntitle: Vectors\n\nbasic: c\nQ: q\nA: a\n' >v.deck
"$RECALL" import v.deck >/dev/null
sql "UPDATE meta SET value = '0' WHERE key = 'rollover_hour';
     INSERT INTO meta VALUES ('fuzz', '0');"

python3 - "$RECALL_TEST_DATA/fsrs/vectors.json" >histories.txt <<'PY'
import json, sys
sets = {s["name"]: s for s in json.load(open(sys.argv[1]))["sets"]}
for h in sets["default"]["histories"][:8]:
    for e in h["events"]:
        x = e["expect"]
        print(h["card_id"], e["review_time_ms"], e["rating"], x["state"],
              repr(x["stability"]), repr(x["difficulty"]), x["due_ms"],
              x["reps"], x["lapses"])
PY
[ "$(wc -l <histories.txt)" -gt 50 ] || fail "too few reference events"

grades=(x again hard good easy)
current=""
i=0
while read -r hist t rating rest; do
    if [ "$hist" != "$current" ]; then
        sql "DELETE FROM revlog; DELETE FROM card_state;"
        current=$hist
    fi
    "$RECALL" --now "@$t" card grade v/c "${grades[$rating]}" >/dev/null
    "$RECALL" --now "@$t" card explain --json v/c >"explain-$i.json" 2>err
    compare /dev/null err
    i=$((i + 1))
done <histories.txt
python3 - histories.txt <<'PY' || fail "answers differ from the reference"
import json, sys
names = ["new", "learning", "review", "relearning"]
for i, line in enumerate(open(sys.argv[1])):
    hist, t, rating, state, s, d, due, reps, lapses = line.split()
    j = json.load(open(f"explain-{i}.json"))["now"]
    where = f"{hist} at {t}: {j}"
    assert j["state"] == names[int(state)], where
    assert abs(j["stability"] - float(s)) <= 1e-6 * float(s), where
    assert abs(j["difficulty"] - float(d)) <= 1e-6 * float(d), where
    assert j["due_ms"] == int(due), where
    assert j["reps"] == int(reps) and j["lapses"] == int(lapses), where
print(f"checked {i + 1} answers against ts-fsrs")
PY
n=$(sql "SELECT count(*) FROM revlog")
"$RECALL" card explain v/c >out
[ "$(grep -c ' manual -> ' out)" = "$n" ] || fail "explain does not list $n reviews"

expect_exit 2 "$RECALL" card grade v/c great 2>err
grep -q "^recall: grade 'great': expected again, hard, good, easy or 1-4" err ||
    fail "bad grade: $(cat err)"
expect_exit 1 "$RECALL" card explain v/nosuch 2>err
echo "recall: no card 'v/nosuch'" >want
compare want err
expect_exit 2 "$RECALL" card frob v/c 2>err
grep -q "^recall: unknown subcommand 'frob'" err || fail "$(cat err)"
# Time going backwards is refused and writes nothing.
before=$(sql "SELECT count(*) FROM revlog")
expect_exit 1 "$RECALL" --now "@1000" card grade v/c good 2>err
grep -q "^recall: answer card 'v/c': " err || fail "backwards: $(cat err)"
[ "$(sql "SELECT count(*) FROM revlog")" = "$before" ] || fail "wrote a review"
echo "t1510: ok"
