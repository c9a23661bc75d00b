#!/bin/bash
# t5105 -- a deck's source text travels with it.
#   5105.1  import keeps a copy of the source text in the collection
#   5105.2  a group member, who has no source file, receives the copy with
#           the deck; :source shows the passage from it
#   5105.3  the owner's :source falls back to the copy once the file is
#           gone; an edited source reaches members on their next sync
#   5105.4  a source file over 4 MiB is refused at import, clearly
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
mkdir teach
cat >teach/src.txt <<'TXT'
First paragraph, about nothing.

The cat sat on the mat. It was a sunny day.

Last paragraph.
TXT
cat >teach/c.deck <<'TXT'
deck: c
title: Commands
source-file: src.txt

basic: cat
Q: Where did the cat sit?
A: on the mat
source: The cat sat on the mat.
TXT
# copy_text DB: the deck's kept source text, byte for byte.
copy_text() {
    python3 -c 'import sqlite3, sys
sys.stdout.write(sqlite3.connect(sys.argv[1]).execute(
    "SELECT source_text FROM decks WHERE key = ?", ("c",)).fetchone()[0])' "$1"
}

# 5105.1
"$RECALL" --db t.db import teach/c.deck >/dev/null
copy_text t.db >got
compare teach/src.txt got

# 5105.2
start_server
"$RECALL" --db s.db init --empty >/dev/null
join teacher t.db
join ann s.db
"$RECALL" --db t.db sync >/dev/null
"$RECALL" --db t.db group create g >/dev/null
code=$("$RECALL" --db t.db group invite g 2>/dev/null)
"$RECALL" --db s.db group join "$code" >/dev/null 2>&1
"$RECALL" --db t.db group publish c >/dev/null 2>&1
"$RECALL" --db s.db sync >/dev/null
copy_text s.db >got
compare teach/src.txt got

# source_session DB: review the card, ask for :source, suspend it.
source_session() {
    cat >drive.py <<'PY'
import json, os, sys
sys.path.insert(0, os.environ["E2E_DIR"])
from drive_review import run
todo = [":source", ":suspend"]
out, code = run(sys.argv[1], [], lambda screen: todo.pop(0))
open("session.txt", "w").write("\n".join(out))
assert code == 0 and not todo, (code, todo)
PY
    RECALL_DB="$1" python3 drive.py "$RECALL" || fail "session on $1"
    grep -qx "The cat sat on the mat. It was a sunny day." session.txt ||
        fail ":source on $1: $(cat session.txt)"
}
source_session "$TEST_DIR/s.db"

# 5105.3
mv teach/src.txt teach/src.moved
source_session "$TEST_DIR/t.db"
mv teach/src.moved teach/src.txt
printf 'A new first paragraph.\n\nThe cat sat on the mat. It was a sunny day.\n' \
    >teach/src.txt
"$RECALL" --db t.db import teach/c.deck >/dev/null
"$RECALL" --db t.db sync >/dev/null
"$RECALL" --db s.db sync >/dev/null
copy_text s.db >got
compare teach/src.txt got

# 5105.4
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'x' >teach/src.txt
expect_exit 1 "$RECALL" --db t.db import teach/c.deck 2>err
grep -q "source file 'src.txt' is over 4 MiB" err || fail "cap: $(cat err)"
copy_text t.db | head -c 22 >got
printf 'A new first paragraph.' >expect
compare expect got
