#!/bin/bash
# t1005 -- cards without ids, and `recall deck stamp`.
#   1005.1  a card without an id imports with a warning naming the id
#   1005.2  stamp writes exactly the derived ids and changes nothing else
#   1005.3  importing the stamped file changes nothing (same ids)
#   1005.4  stamping again writes nothing
#   1005.5  stamping a file with errors: exit 1, file untouched
. "$(dirname "$0")/lib.sh"
cat >s.txt <<'TXT'
Alpha beta gamma. Delta epsilon.
TXT
cat >s.deck <<'TXT'
deck: s
title: Stamp test
source-file: s.txt

# keep this comment
basic:
Q: What comes after alpha?
A: beta
source: Alpha beta gamma.

basic: named
Q: What comes after delta?
A: epsilon
TXT
cp s.deck s.orig
"$RECALL" import s.deck >out 2>err
grep -q "^recall: s.deck:6: warning: card has no id; using '" err ||
    fail "no warning: $(cat err)"
id=$(sed -n "s/.*using '\([^']*\)'.*/\1/p" err)
[ -n "$id" ] || fail "no derived id in the warning"
"$RECALL" deck stamp s.deck >out
echo "s.deck: 1 id written" >want
compare want out
sed "s/^basic:\$/basic: $id/" s.orig >want
compare want s.deck
"$RECALL" import s.deck >out 2>err
compare /dev/null err
echo "s.deck: deck 's': 0 added, 0 changed, 0 retired (unchanged)" >want
compare want out
"$RECALL" deck stamp s.deck >out
echo "s.deck: 0 ids written" >want
compare want out

printf 'deck: b\ntitle: B\n\nbasic:\nQ: q\nanwser: a\n' >bad.deck
cp bad.deck bad.orig
expect_exit 1 "$RECALL" deck stamp bad.deck 2>err
grep -q "^recall: bad.deck:6: unknown field 'anwser'" err || fail "$(cat err)"
cmp bad.deck bad.orig || fail "stamp changed a bad file"
echo "t1005: ok"
