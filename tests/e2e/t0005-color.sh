#!/bin/bash
# t0005 -- colour only on a terminal, never with NO_COLOR or --no-color.
#   0005.1  on a pseudo-terminal: escapes in the table header
#   0005.2  NO_COLOR=1, --no-color, TERM=dumb: none on the terminal
#   0005.3  in a pipe: none
. "$(dirname "$0")/lib.sh"
"$RECALL" init --empty >/dev/null
on_tty() { script -qec "$1" /dev/null; }
unset NO_COLOR
TERM=xterm on_tty "'$RECALL' decks" >tty.out
grep -q $'\033\\[1m' tty.out || fail "no colour on a terminal"
NO_COLOR=1 TERM=xterm on_tty "'$RECALL' decks" >tty.out
grep -q $'\033' tty.out && fail "colour despite NO_COLOR"
TERM=xterm on_tty "'$RECALL' --no-color decks" >tty.out
grep -q $'\033' tty.out && fail "colour despite --no-color"
TERM=dumb on_tty "'$RECALL' decks" >tty.out
grep -q $'\033' tty.out && fail "colour on a dumb terminal"
TERM=xterm "$RECALL" decks >pipe.out
grep -q $'\033' pipe.out && fail "colour in a pipe"
echo "t0005: ok"
