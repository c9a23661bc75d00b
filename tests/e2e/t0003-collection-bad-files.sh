#!/bin/bash
# t0003 -- collections recall must not damage.
#   0003.1  a file that is not SQLite: clear error, file unchanged
#   0003.2  a read-only file: clear error, file unchanged
#   0003.3  a collection locked by another process: clear error after the
#           busy timeout, nothing written, fine once the lock is gone
#   0003.4  a collection of a newer schema: refused, unchanged
. "$(dirname "$0")/lib.sh"
copy_decks

printf 'this is a text file, not a database\n' >notdb.db
cp notdb.db notdb.orig
expect_exit 1 "$RECALL" --db notdb.db decks 2>err
grep -q "^recall: open collection 'notdb.db': .*file is not a database" err ||
    fail "not-a-db message: $(cat err)"
cmp notdb.db notdb.orig || fail "not-a-db file was changed"

"$RECALL" --db ro.db init --empty >/dev/null
chmod 0444 ro.db
cp ro.db ro.orig
# Root ignores file modes, so as root the check runs as 'nobody'.
as_user=""
if [ "$(id -u)" -eq 0 ]; then
    chmod 0755 "$TEST_DIR"
    chmod -R a+rX decks
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
expect_exit 1 $as_user "$RECALL" --db ro.db import decks/theses.deck 2>err
grep -q "^recall: open collection 'ro.db': file is read-only" err ||
    fail "read-only message: $(cat err)"
cmp ro.db ro.orig || fail "read-only file was changed"

"$RECALL" init --empty >/dev/null
# Another process holds the write lock until we close its stdin.
mkfifo hold
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
c.execute("ROLLBACK")
' "$RECALL_DB" <hold >locker.out &
exec 3>hold
while ! grep -q locked locker.out 2>/dev/null; do :; done
before=$(sql 'SELECT count(*) FROM cards')
expect_exit 1 "$RECALL" import decks/theses.deck 2>err
grep -q "database is locked" err || fail "locked message: $(cat err)"
exec 3>&-
wait
[ "$(sql 'SELECT count(*) FROM cards')" = "$before" ] || fail "wrote while locked"
"$RECALL" import decks/theses.deck >/dev/null || fail "import after unlock"

"$RECALL" --db newer.db init --empty >/dev/null
sqlite3 newer.db 'PRAGMA user_version = 99'
cp newer.db newer.orig
expect_exit 1 "$RECALL" --db newer.db decks 2>err
grep -q "schema version 99, newer than this recall" err ||
    fail "newer message: $(cat err)"
cmp newer.db newer.orig || fail "newer file was changed"
echo "t0003: ok"
