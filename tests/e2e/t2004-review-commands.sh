#!/bin/bash
# t2004 -- the ':' commands of a review session, over the line protocol.
#   2004.1  :help lists the commands; an unknown one says so
#   2004.2  :source prints the passage of the source around the quote
#   2004.3  :explain shows why the interval; the card is asked again
#   2004.4  :bury sets the card aside until tomorrow, :suspend for good
#   2004.5  :edit runs $EDITOR on the deck file at the card's line, then
#           re-imports it: the edited question is asked
. "$(dirname "$0")/lib.sh"
cat >src.txt <<'TXT'
First paragraph, about nothing.

The cat sat on the mat. It was a sunny day.

Last paragraph.
TXT
cat >c.deck <<'TXT'
deck: c
title: Commands
source-file: src.txt

basic: cat
Q: Where did the cat sit?
A: on the mat
source: The cat sat on the mat.

basic: day
Q: What kind of day was it?
A: sunny

basic: third
Q: Third question?
A: three
TXT
"$RECALL" import c.deck >/dev/null
# An "editor" that rewrites the question of the card at the given line.
cat >editor.sh <<'SH'
#!/bin/sh
line=${1#+}
echo "$line $2" >editor.log
sed -i "$((line + 1))s/Q: .*/Q: Where exactly did the cat sit?/" "$2"
SH
chmod +x editor.sh

cat >drive.py <<'PY'
import json, os, sys
sys.path.insert(0, os.environ["E2E_DIR"])
from drive_review import run
script = {  # question -> the lines to send at its prompts, in order
    "Where did the cat sit?": [":help", ":frob", ":source", ":explain", ":edit"],
    "Where exactly did the cat sit?": ["", "3", "", "3"],  # learns, then graduates
    "What kind of day was it?": [":bury"],
    "Third question?": [":suspend"],
}
sent = []
last = [None]
def respond(screen):
    q = screen.question() or last[0]   # the grade prompt shows no question
    last[0] = q
    todo = script.get(q)
    if not todo:
        raise SystemExit(f"unexpected question {q!r} at {screen.prompt!r}")
    reply = todo.pop(0)
    sent.append((q, reply, screen.text()))
    return reply
env = dict(os.environ, EDITOR="./editor.sh", VISUAL="")
out, code = run(sys.argv[1], ["--seed", "1"], respond, env=env)
json.dump({"out": out, "sent": sent}, open("session.json", "w"))
assert code == 0, code
assert all(not v for v in script.values()), script
PY
python3 drive.py "$RECALL" || fail "session did not go as scripted"
python3 - <<'PY' || fail "command output"
import json
d = json.load(open("session.json"))
text = "\n".join(d["out"])
assert ":undo     take back the last answer" in text, "no :help"
assert "unknown command ':frob' (try :help)" in text, "no unknown"
assert "src.txt (Commands):\nThe cat sat on the mat. It was a sunny day." in text, "no :source"
assert "c/cat (FSRS-6)" in text and "next: 1 again" in text, "no :explain"
assert "c.deck: deck 'c': 0 added, 1 changed, 0 retired" in text, "no re-import"
assert "buried until tomorrow" in text and "suspended" in text
PY
grep -q "^5 .*c.deck$" editor.log || fail "editor not called at the card's line: $(cat editor.log)"
[ "$(sql "SELECT front FROM notes WHERE key = 'cat'")" = "Where exactly did the cat sit?" ] || fail "edit not imported"
[ "$(sql "SELECT count(*) FROM revlog")" = 2 ] || fail "commands recorded answers"
[ "$(sql "SELECT cs.buried_until_ms > 0 FROM card_state cs JOIN cards c ON c.id = cs.card_id JOIN notes n ON n.id = c.note_id WHERE n.key = 'day'")" = 1 ] || fail "not buried"
[ "$(sql "SELECT cs.suspended FROM card_state cs JOIN cards c ON c.id = cs.card_id JOIN notes n ON n.id = c.note_id WHERE n.key = 'third'")" = 1 ] || fail "not suspended"
# Tomorrow the buried card is back; the suspended one is not.
RECALL_NOW=2026-01-06T10:00:00Z "$RECALL" review </dev/null >tomorrow.txt
grep -q "What kind of day was it?" tomorrow.txt || fail "buried card not back tomorrow"
grep -q "Third question?" tomorrow.txt && fail "suspended card came back"
echo "t2004: ok"
