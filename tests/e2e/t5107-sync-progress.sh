#!/bin/bash
# t5107 -- `recall sync` shows a progress bar on a terminal (tmux).
#   5107.1  a push of 1,202 changes (3 batches) ends with a full bar and
#           the count; the summary line follows
#   5107.2  a pull of them into another collection: a full pull bar
#   5107.3  off a terminal there is no bar: stderr stays empty
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
command -v tmux >/dev/null || fail "tmux is missing (scripts/setup installs it)"
start_server
export TMUX_TMPDIR="$TEST_DIR" # a private tmux server
sock="recall-test"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true
      kill "$server_pid" 2>/dev/null || true; rm -rf "$TEST_DIR"' EXIT

write_deck t.deck t 1200
"$RECALL" --db a.db import t.deck >/dev/null
"$RECALL" --db b.db init --empty >/dev/null
join ann a.db
join ann b.db

# Run `recall --db DB sync` in a pane that stays readable after it ends;
# print the screen once it has.
sync_on_terminal() {
    tmux -L "$sock" kill-server 2>/dev/null || true
    tmux -L "$sock" new-session -d -s s -x 100 -y 10 \
        "env TERM=xterm '$RECALL' --db '$1' sync" \; \
        set-option -t s remain-on-exit on
    for _ in $(seq 1 400); do
        [ "$(tmux -L "$sock" display -p -t s '#{pane_dead}')" = 1 ] && break
        sleep 0.05
    done
    [ "$(tmux -L "$sock" display -p -t s '#{pane_dead}')" = 1 ] ||
        fail "recall sync did not finish"
    tmux -L "$sock" capture-pane -p -S - -t s
}

# 5107.1 -- the deck, its 1,201 cards' notes: 1,202 changes.
sync_on_terminal a.db >screen
bar=$(printf '#%.0s' $(seq 30))
grep -qF "push [$bar] 100%  1202 changes" screen ||
    fail "no full push bar: $(cat screen)"
grep -q "^pushed 1202, pulled 0" screen || fail "summary: $(cat screen)"

# 5107.2
sync_on_terminal b.db >screen
grep -qF "pull [$bar] 100%  1202 changes" screen ||
    fail "no full pull bar: $(cat screen)"
grep -q "^pushed 0, pulled 1202" screen || fail "summary: $(cat screen)"

# 5107.3
"$RECALL" --db a.db sync >out 2>err
[ ! -s err ] || fail "progress off a terminal: $(cat err)"
grep -q "^pushed 0, pulled 0" out || fail "no-op summary: $(cat out)"
