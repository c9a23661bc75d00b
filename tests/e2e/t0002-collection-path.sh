#!/bin/bash
# t0002 -- where the collection lives.
#   0002.1  default: $XDG_DATA_HOME/recall/collection.db, directories made
#   0002.2  without XDG_DATA_HOME: ~/.local/share/recall/collection.db
#   0002.3  RECALL_DB, and --db over RECALL_DB, with missing directories
#   0002.4  profiles: --profile and RECALL_PROFILE create separate profiles
. "$(dirname "$0")/lib.sh"
unset RECALL_DB

"$RECALL" init --empty >out
[ -f "$XDG_DATA_HOME/recall/collection.db" ] || fail "no XDG collection"
grep -q "collection: $XDG_DATA_HOME/recall/collection.db" out || fail "path"

env -u XDG_DATA_HOME "$RECALL" init --empty >/dev/null
[ -f "$HOME/.local/share/recall/collection.db" ] || fail "no HOME collection"

RECALL_DB="$TEST_DIR/a/b/env.db" "$RECALL" init --empty >/dev/null
[ -f a/b/env.db ] || fail "RECALL_DB not used"
RECALL_DB="$TEST_DIR/env.db" "$RECALL" --db "$TEST_DIR/c/d/opt.db" \
    init --empty >/dev/null
[ -f c/d/opt.db ] || fail "--db not used"
[ ! -e env.db ] || fail "--db did not override RECALL_DB"

[ "$(sqlite3 c/d/opt.db 'PRAGMA journal_mode')" = wal ] || fail "not WAL"
[ "$(sqlite3 c/d/opt.db 'PRAGMA user_version')" = 7 ] || fail "version"

export RECALL_DB="$TEST_DIR/p.db"
"$RECALL" --profile ann decks >/dev/null
RECALL_PROFILE=bob "$RECALL" decks >/dev/null
"$RECALL" decks >/dev/null
[ "$(sql 'SELECT group_concat(name, ",") FROM (SELECT name FROM profiles ORDER BY name)')" = "ann,bob,default" ] ||
    fail "profiles: $(sql 'SELECT name FROM profiles')"
echo "t0002: ok"
