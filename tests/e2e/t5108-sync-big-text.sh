#!/bin/bash
# t5108 -- deck texts near the size limits cross the wire.
#   5108.1  two decks whose source texts are 3 MiB of '"' (6 MiB each once
#           JSON-escaped, 12 MiB together: over the server's 8 MiB body
#           cap) are pushed in separate requests, and pulled by another
#           machine in separate replies, byte for byte
#   5108.2  a deck whose text alone escapes past 8 MiB is refused by the
#           client with a message naming the deck, before any request
#           (not the server's 413); once smaller, everything syncs
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
start_server

# big_deck DIR KEY MIB: a deck whose source text is a sentence and MIB
# MiB (less a little) of double quotes.
big_deck() {
    mkdir -p "$1"
    python3 - "$1/src.txt" "$3" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("The cat sat on the mat.\n")
    f.write('"' * (int(float(sys.argv[2]) * 1024 * 1024) - 64))
PY
    printf 'deck: %s\ntitle: Big\nsource-file: src.txt\n\nbasic: cat\nQ: Where?\nA: on the mat\nsource: The cat sat on the mat.\n' \
        "$2" >"$1/d.deck"
}
copy_text() { # DB KEY
    python3 -c 'import sqlite3, sys
sys.stdout.write(sqlite3.connect(sys.argv[1]).execute(
    "SELECT source_text FROM decks WHERE key = ?", (sys.argv[2],)).fetchone()[0])' "$1" "$2"
}

# 5108.1
big_deck one one 3
big_deck two two 3
"$RECALL" --db a.db import one/d.deck two/d.deck >/dev/null
"$RECALL" --db b.db init --empty >/dev/null
join ann a.db
join ann b.db
"$RECALL" --db a.db sync --json >out
python3 -c 'import json; d = json.load(open("out")); assert d["pushed"] == 4 and d["batches"] >= 2, d' ||
    fail "push: $(cat out)"
"$RECALL" --db b.db sync --json >out
python3 -c 'import json; d = json.load(open("out")); assert d["pulled"] == 4 and d["batches"] >= 2, d' ||
    fail "pull: $(cat out)"
for k in one two; do
    copy_text b.db $k >got
    compare $k/src.txt got
done

# 5108.2 -- 4 MiB of quotes is within the import limit, not the wire's.
big_deck huge huge 4
write_deck small.deck small 2
"$RECALL" --db a.db import huge/d.deck small.deck >/dev/null
expect_exit 1 "$RECALL" --db a.db sync 2>err
grep -q "deck 'huge' is too large to sync" err || fail "message: $(cat err)"
grep -q "413" err && fail "the client sent the oversized body: $(cat err)"
# The refused deck sorts first, so nothing after it went either; once it
# is smaller, everything goes.
big_deck huge huge 1
"$RECALL" --db a.db import huge/d.deck >/dev/null
"$RECALL" --db a.db sync >/dev/null
"$RECALL" --db b.db sync >/dev/null
[ "$(sqlite3 b.db "SELECT count(*) FROM decks WHERE key IN ('huge', 'small')")" = 2 ] ||
    fail "decks did not arrive"
copy_text b.db huge >got
compare huge/src.txt got
