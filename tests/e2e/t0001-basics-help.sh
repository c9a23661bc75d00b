#!/bin/bash
# t0001 -- help, version and usage errors.
#   0001.1  --help and -h for the program and every command: exit 0, stdout,
#           the exit codes said once
#   0001.2  `recall help CMD` prints the same as `recall CMD --help`
#   0001.3  --version
#   0001.4  unknown command, unknown option, bad --now: exit 2, message
#   0001.5  no command: usage on stderr, exit 2
. "$(dirname "$0")/lib.sh"

"$RECALL" --help >out
grep -q '^usage: recall' out || fail "no usage line in --help"
commands=$(awk '/^Commands:/{on=1;next} on && /^  [a-z]/{print $1} /^$/{on=0}' out |
    grep -v '^help$')
[ "$(echo "$commands" | wc -l)" -ge 7 ] || fail "too few commands listed"
[ "$commands" = "$(echo "$commands" | LC_ALL=C sort)" ] ||
    fail "the command table is not sorted: $commands"
for cmd in $commands; do
    "$RECALL" "$cmd" --help >help.out || fail "$cmd --help failed"
    grep -q "^usage: recall $cmd" help.out || fail "$cmd --help: no usage"
    [ "$(grep -c "Exit status" help.out)" = 1 ] ||
        fail "$cmd --help: not one line of exit codes"
    "$RECALL" help "$cmd" >help2.out
    compare help.out help2.out
    "$RECALL" "$cmd" -h >help3.out
    compare help.out help3.out
done
[ ! -e "$RECALL_DB" ] || fail "--help created the collection"

"$RECALL" --version >out
grep -Eq '^recall [0-9]+\.[0-9]+\.[0-9]+$' out || fail "bad --version: $(cat out)"

expect_exit 2 "$RECALL" frobnicate 2>err
grep -q "^recall: unknown command 'frobnicate'" err || fail "unknown command"
expect_exit 2 "$RECALL" --frob decks 2>err
grep -q "^recall: unknown option '--frob'" err || fail "unknown option"
expect_exit 2 "$RECALL" decks --frob 2>err
grep -q "^recall: unknown option '--frob'" err || fail "unknown cmd option"
expect_exit 2 "$RECALL" --now yesterday decks 2>err
grep -q "^recall: invalid time 'yesterday'" err || fail "bad --now"
expect_exit 2 "$RECALL" import 2>err
grep -q "^recall: no deck file given" err || fail "import without file"
expect_exit 2 "$RECALL" 2>err
grep -q '^usage: recall' err || fail "no usage for no command"
echo "t0001: ok"
