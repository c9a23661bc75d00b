#!/bin/bash
# t2001 -- `recall review` over several study days, through the line
# protocol, with a pinned clock; then the collection is checked.
#   2001.1  day 1: new cards up to new-per-day, siblings held back, each
#           kind answered its own way, learning cards back in-session
#   2001.2  the same day again: nothing left; daily limits hold
#   2001.3  day 2: the held-back sibling comes; the next new cards
#   2001.4  day 3: reviews due, capped by reviews-per-day; a wrong typed
#           answer suggests Again and relearns
#   2001.5  :undo restores the card's stored state exactly
. "$(dirname "$0")/lib.sh"
cat >r.deck <<'TXT'
deck: r
title: Review test
new-per-day: 4
reviews-per-day: 3

reversed: pair
Q: Capital of France
A: Paris

basic: sky
Q: What colour is the sky?
A: blue

typed: year
Q: In which year did the October Revolution happen?
A: 1917
accept:
  nineteen seventeen

choice: pick
Q: Which one is a planet?
A: Mars
options:
  Mars
  Moon
  Sun

order: count
Q: Put these in order.
items:
  one
  two
  three

cloze: clz
text: {{Zinoviev}} and {{Kamenev}} were tried.
TXT
"$RECALL" import r.deck >/dev/null
sql "INSERT INTO meta VALUES ('fuzz', '0');"

cat >drive.py <<'PY'
import json, os, sys
sys.path.insert(0, os.environ["E2E_DIR"])
from drive_review import run

recall, now, mode, log = sys.argv[1:5]
answers = {"In which year did the October Revolution happen?": "1917",
           "[...] and Kamenev were tried.": "Zinoviev",
           "Zinoviev and [...] were tried.": "Kamenev"}
state = {"wrong_once": mode == "wrong", "undo": mode == "undo", "sent": []}

def respond(screen):
    p, q = screen.prompt, screen.question()
    if p.startswith("press Enter"):
        reply = ""
    elif p == "answer> ":
        reply = answers[q]
        if q.startswith("In which year") and state["wrong_once"]:
            state["wrong_once"] = False
            reply = "1918"
    elif p.startswith("choose"):
        reply = str([k for k, v in screen.options().items() if v == "Mars"][0])
    elif p.startswith("order"):
        opts = {v: k for k, v in screen.options().items()}
        reply = " ".join(str(opts[w]) for w in ("one", "two", "three"))
    elif p.startswith("grade"):
        if state["undo"] == "now":
            state["undo"] = "done"
            reply = ":undo"
        elif state["undo"] == "done":
            reply = ":quit"
        else:
            reply = "1" if state["undo"] is True else ("" if "[" in p else "3")
            if state["undo"] is True:
                state["undo"] = "now"
    else:
        raise SystemExit(f"unexpected prompt {p!r}")
    state["sent"].append((q, p, reply))
    return reply

env = dict(os.environ, RECALL_NOW=now)
out, code = run(recall, ["--seed", "7"], respond, env=env)
json.dump({"out": out, "sent": state["sent"], "code": code}, open(log, "w"))
assert code == 0, code
PY
review() { python3 drive.py "$RECALL" "$1" "$2" "$3"; }

# Day 1: four new cards, each twice (10m step, then graduate).
review 2026-01-05T10:00:00Z plain day1.json
[ "$(sql 'SELECT count(*) FROM revlog')" = 8 ] || fail "day 1: $(sql 'SELECT count(*) FROM revlog') reviews"
[ "$(sql 'SELECT count(*) FROM card_state WHERE state = 2')" = 4 ] || fail "day 1 states"
[ "$(sql "SELECT count(*) FROM revlog WHERE rating = 3 AND kind = 'study'")" = 8 ] || fail "ratings"
studied() { sql "SELECT group_concat(n.key || '#' || c.ord, ' ') FROM (SELECT DISTINCT card_id FROM revlog) r JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id ORDER BY 1"; }
[ "$(studied)" = "pair#1 sky#1 year#1 pick#1" ] || fail "day 1 cards: $(studied)"
python3 -c "import json;print('\n'.join(json.load(open('day1.json'))['out']))" >day1.txt
grep -q '^1 Again <\?[0-9]*[mhd] · 2 Hard [0-9]*[mhd] · 3 Good [0-9]*[mhd] · 4 Easy [0-9]*d$' day1.txt ||
    fail "no grade line with intervals"

# Same day: nothing new (limit used up), nothing due.
review 2026-01-05T11:00:00Z plain day1b.json
grep -q '"Nothing to study now."' day1b.json || fail "day 1 again: not empty"
[ "$(sql 'SELECT count(*) FROM revlog')" = 8 ] || fail "day 1 again reviewed"

# Day 2: pair#2 (sibling seen yesterday), count, clz#1; clz#2 waits.
review 2026-01-06T10:00:00Z plain day2.json
[ "$(sql 'SELECT count(*) FROM revlog')" = 14 ] || fail "day 2: $(sql 'SELECT count(*) FROM revlog') reviews"
new2=$(sql "SELECT group_concat(k, ' ') FROM (SELECT DISTINCT n.key || '#' || c.ord AS k FROM revlog r JOIN cards c ON c.id = r.card_id JOIN notes n ON n.id = c.note_id WHERE r.time_ms >= 1767693600000 ORDER BY k)")
[ "$new2" = "clz#1 count#1 pair#2" ] || fail "day 2 cards: $new2"

# Day 3: 4 reviews due but reviews-per-day 3, plus clz#2 new.  The typed
# card is answered wrong once: Again is suggested and it relearns.
review 2026-01-07T10:00:00Z wrong day3.json
python3 - day3.json <<'PY' || fail "day 3 flow"
import json, sys
d = json.load(open(sys.argv[1]))
sent = d["sent"]
wrong = [i for i, s in enumerate(sent) if s[2] == "1918"]
assert len(wrong) == 1, sent
assert sent[wrong[0] + 1][1] == "grade [1]> ", sent[wrong[0] + 1]
assert any(l == "wrong" for l in d["out"]), "no verdict"
assert any(l.startswith("diff: 191") for l in d["out"]), "no diff"
PY
today=$(sql "SELECT count(DISTINCT card_id) FROM revlog WHERE time_ms >= 1767780000000 AND card_id IN (SELECT card_id FROM revlog WHERE time_ms < 1767693600000)")
[ "$today" = 3 ] || fail "day 3: $today review cards, limit is 3"
[ "$(sql "SELECT lapses FROM card_state cs JOIN cards c ON c.id = cs.card_id JOIN notes n ON n.id = c.note_id WHERE n.key = 'year'")" = 1 ] ||
    [ "$(sql "SELECT count(*) FROM revlog WHERE rating = 1")" = 1 ] || fail "no lapse recorded"

# Undo: answer the next card Again, undo, quit: its state is as before.
snap() { sql "SELECT * FROM card_state ORDER BY card_id" >"$1"; sql "SELECT count(*) FROM revlog" >>"$1"; }
snap before.txt
review 2026-01-12T10:00:00Z undo undo.json
snap after.txt
compare before.txt after.txt
grep -q '"undone: the last card comes back"' undo.json || fail "no undo message"
sql "PRAGMA integrity_check" | grep -qx ok || fail "integrity"
echo "t2001: ok"
