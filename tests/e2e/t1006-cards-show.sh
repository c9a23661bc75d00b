#!/bin/bash
# t1006 -- `recall cards` and `recall show`.
#   1006.1  cards --json: every field a reader needs, per kind
#   1006.2  show: the card in full; #N picks the reverse side
#   1006.3  unknown deck or card: exit 1 with a clear message
. "$(dirname "$0")/lib.sh"
cat >k.txt <<'TXT'
The cat sat on the mat. Red, green and blue are colours.
TXT
cat >k.deck <<'TXT'
deck: k
title: Kinds
source-file: k.txt

reversed: cat
Q: Where did the cat sit?
A: on the mat
source: The cat sat on the mat.
tags: animals
hint: a floor covering
explain: It is in the first sentence.

cloze: colours
text: {{Red}}, green and {{blue::a colour}} are colours.

choice: first-colour
Q: Which colour comes first?
A: Red
options:
  Red
  Green
  Blue

order: rgb
Q: Put the colours in order.
items:
  Red
  Green
  Blue

typed: sat
Q: What did the cat do?
A: sat
accept:
  sat down
TXT
"$RECALL" import k.deck >/dev/null
"$RECALL" cards --json k >cards.json
python3 - cards.json <<'PY'
import json, sys
cards = {c["card"]: c for c in json.load(open(sys.argv[1]))}
assert sorted(cards) == ["k/cat", "k/cat#2", "k/colours", "k/colours#2",
                         "k/first-colour", "k/rgb", "k/sat"], sorted(cards)
c = cards["k/cat"]
assert c["question"] == "Where did the cat sit?" and c["answer"] == "on the mat", c
assert c["tags"] == ["animals"] and c["source"] == "The cat sat on the mat.", c
assert c["hint"] == "a floor covering" and c["state"] == "new", c
assert c["kind"] == "reversed" and c["line"] == 5 and c["due_ms"] is None, c
r = cards["k/cat#2"]
assert r["question"] == "on the mat" and r["answer"] == "Where did the cat sit?", r
z = cards["k/colours#2"]
assert z["answer"] == "blue" and "[a colour]" in z["question"], z
assert z["cloze"] == "{{Red}}, green and {{blue::a colour}} are colours.", z
assert cards["k/first-colour"]["choices"] == ["Red", "Green", "Blue"]
assert cards["k/rgb"]["items"] == ["Red", "Green", "Blue"]
assert cards["k/sat"]["accept"] == ["sat down"]
PY
"$RECALL" show 'k/cat#2' >out
grep -q '^question  on the mat$' out || fail "show #2: $(cat out)"
grep -q '^answer    Where did the cat sit?$' out || fail "show #2 answer"
grep -q '^source    The cat sat on the mat.$' out || fail "show source"
"$RECALL" cards >all
[ "$(wc -l <all)" = 8 ] || fail "cards lists $(wc -l <all) lines"
expect_exit 1 "$RECALL" show k/nosuch 2>err
echo "recall: no card 'k/nosuch'" >want
compare want err
expect_exit 1 "$RECALL" show nodeck 2>err
grep -q "^recall: card 'nodeck': expected DECK/NOTE or DECK/NOTE#N" err || fail "$(cat err)"
expect_exit 1 "$RECALL" cards nosuch 2>err
echo "recall: no deck 'nosuch'" >want
compare want err
echo "t1006: ok"
