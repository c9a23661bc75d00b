# lib.sh -- sourced by every tests/e2e/t*.sh.
#
# Gives each test a fresh temporary directory (removed on exit) holding
# its collection, a pinned clock and a fixed environment, and the helpers
# expect_exit and compare.  ctest sets RECALL (the binary under test),
# RECALL_SOURCE_DIR (the checkout) and RECALL_TEST_DATA (tests/data).
set -eu

: "${RECALL:?RECALL must name the recall binary}"
: "${RECALL_SOURCE_DIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${RECALL_TEST_DATA:=$RECALL_SOURCE_DIR/tests/data}"

# This directory, for helpers such as drive_review.py (before the cd).
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
export E2E_DIR

TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/recall-test.XXXXXX")
trap 'rm -rf "$TEST_DIR"' EXIT
cd "$TEST_DIR"

export RECALL_DB="$TEST_DIR/collection.db"
export RECALL_NOW="2026-01-05T10:00:00Z"
export RECALL_DECKS_DIR="$RECALL_SOURCE_DIR/decks"
export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
export HOME="$TEST_DIR/home" XDG_DATA_HOME="$TEST_DIR/xdg"
unset RECALL_PROFILE

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# expect_exit N cmd...: run cmd, fail unless it exits with status N.
expect_exit() {
    want=$1
    shift
    set +e
    "$@"
    got=$?
    set -e
    [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want"
}

# compare EXPECTED ACTUAL: fail with a diff unless the files are equal.
compare() {
    diff -u "$1" "$2" >&2 || fail "output differs from $1"
}

# sql QUERY: run QUERY on the test collection.
sql() {
    sqlite3 "$RECALL_DB" "$1"
}

# copy_decks: the bundled decks and their source into ./decks.
copy_decks() {
    cp -r "$RECALL_SOURCE_DIR/decks" ./decks
}
