#!/bin/bash
# t1002 -- importing again keeps history.
#   1002.1  an edited card keeps its id, reviews and state; counted changed
#   1002.2  a card removed from the file is retired, its reviews kept
#   1002.3  a retired card put back is live again with the same id
#   1002.4  a cloze that gains a deletion gains a card; losing one retires it
. "$(dirname "$0")/lib.sh"

cat >source.txt <<'TXT'
The quick brown fox jumps over the lazy dog. Pack my box with five dozen
liquor jugs.
TXT
cat >d.deck <<'TXT'
deck: d
title: Test deck
source-file: source.txt

basic: fox
Q: What does the fox jump over?
A: the lazy dog
source: The quick brown fox jumps over the lazy dog.

basic: box
Q: What goes in the box?
A: liquor jugs

cloze: jugs
text: Pack my box with {{five}} dozen liquor jugs.
TXT
"$RECALL" import d.deck >out
echo "d.deck: deck 'd': 3 added, 0 changed, 0 retired" >expect
compare expect out

fox=$(sql "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.key = 'fox'")
box=$(sql "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.key = 'box'")
sql "INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, duration_ms, kind) VALUES ('00000000000000000000000000000001', $fox, 1, 1767600000000, 3, 5000, 'study');
     INSERT INTO revlog (id, card_id, profile_id, time_ms, rating, duration_ms, kind) VALUES ('00000000000000000000000000000002', $box, 1, 1767600000000, 1, 5000, 'study');
     INSERT INTO card_state (profile_id, card_id, state, step, stability, difficulty, ease, due_ms, last_review_ms, scheduled_days, reps, lapses)
     VALUES (1, $fox, 2, 0, 3.5, 5.0, 0, 1767900000000, 1767600000000, 3, 1, 0);"

sed -i 's/^A: the lazy dog/A: the lazy dog, quickly/' d.deck
sed -i 's/{{five}} dozen/{{five}} {{dozen}}/' d.deck
"$RECALL" import d.deck >out
echo "d.deck: deck 'd': 1 added, 2 changed, 0 retired" >expect
compare expect out
[ "$(sql "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE n.key = 'fox'")" = "$fox" ] ||
    fail "edited card changed id"
[ "$(sql "SELECT back FROM notes WHERE key = 'fox'")" = "the lazy dog, quickly" ] || fail "edit lost"
[ "$(sql "SELECT count(*) FROM revlog WHERE card_id = $fox")" = 1 ] || fail "review lost"
[ "$(sql "SELECT stability FROM card_state WHERE card_id = $fox")" = 3.5 ] || fail "state lost"

# Remove 'box' and the second deletion.
python3 - <<'PY'
text = open("d.deck").read()
start = text.index("basic: box")
end = text.index("cloze: jugs")
text = text[:start] + text[end:]
text = text.replace("{{five}} {{dozen}}", "{{five}} dozen")
open("d.deck", "w").write(text)
PY
"$RECALL" import d.deck >out
echo "d.deck: deck 'd': 0 added, 1 changed, 2 retired" >expect
compare expect out
[ "$(sql "SELECT retired FROM cards WHERE id = $box")" = 1 ] || fail "box not retired"
[ "$(sql "SELECT count(*) FROM revlog WHERE card_id = $box")" = 1 ] || fail "retired lost reviews"
"$RECALL" cards d >out
grep -q '^d/box ' out && fail "retired card listed"
"$RECALL" cards --retired d >out
grep -q '^d/box .*retired' out || fail "--retired does not list it: $(cat out)"
grep -q '^d/jugs#2 .*retired' out || fail "lost deletion not retired: $(cat out)"

"$RECALL" import d.deck >out
echo "d.deck: deck 'd': 0 added, 0 changed, 0 retired (unchanged)" >expect
compare expect out

printf '\nbasic: box\nQ: What goes in the box?\nA: liquor jugs\n' >>d.deck
"$RECALL" import d.deck >out
echo "d.deck: deck 'd': 1 added, 0 changed, 0 retired" >expect
compare expect out
[ "$(sql "SELECT retired FROM cards WHERE id = $box")" = 0 ] || fail "box not revived"
echo "t1002: ok"
