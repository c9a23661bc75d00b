#!/bin/bash
# t2003 -- the interactive session in a real pseudo-terminal (tmux).
#   2003.1  the grade line with each grade's interval is on screen
#   2003.2  readline editing: a typo fixed with Left and Backspace is
#           checked as the edited text
#   2003.3  Tab completes ':ex' to ':explain'
#   2003.4  Ctrl-C ends the session; the answer given before is saved
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || fail "tmux is missing (scripts/setup installs it)"
printf 'deck: t\ntitle: T\n\ntyped: year\nQ: Which year?\nA: 1917\n\nbasic: sky\nQ: Sky colour?\nA: blue\n' >t.deck
"$RECALL" import t.deck >/dev/null
unset NO_COLOR
export TMUX_TMPDIR="$TEST_DIR"   # a private tmux server
sock="recall-test"
# remain-on-exit keeps the pane readable after recall has gone.
tmux -L "$sock" new-session -d -s s -x 100 -y 30 \
    "env RECALL_DB='$RECALL_DB' RECALL_NOW='$RECALL_NOW' TERM=xterm '$RECALL' review --seed 1" \; \
    set-option -t s remain-on-exit on
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$TEST_DIR"' EXIT
screen() { tmux -L "$sock" capture-pane -p -t s; }
keys() { tmux -L "$sock" send-keys -t s "$@"; }
# Wait (bounded: 10 s) until the screen shows a line matching $1.
wait_for() {
    for _ in $(seq 1 200); do
        screen | grep -q -- "$1" && return 0
        sleep 0.05
    done
    screen >&2
    fail "timed out waiting for '$1'"
}

wait_for 'answer>'
keys -l '19x17'
keys Left Left BSpace Enter
wait_for '^right'
wait_for '1 Again .* · 2 Hard .* · 3 Good .* · 4 Easy '
wait_for 'grade \[3\]>'
keys Enter
wait_for 'Sky colour?'
wait_for 'show the answer>'
keys -l ':ex'
keys Tab
wait_for 'show the answer> :explain'
keys C-u
keys C-c
for _ in $(seq 1 200); do
    [ "$(tmux -L "$sock" display -p -t s '#{pane_dead}')" = 1 ] && break
    sleep 0.05
done
[ "$(tmux -L "$sock" display -p -t s '#{pane_dead}')" = 1 ] ||
    fail "recall still running after Ctrl-C"
[ "$(sql 'SELECT count(*) FROM revlog')" = 1 ] || fail "the answer before Ctrl-C was lost"
[ "$(sql 'SELECT rating FROM revlog')" = 3 ] || fail "wrong rating saved"
sql 'PRAGMA integrity_check' | grep -qx ok || fail "integrity"
echo "t2003: ok"
