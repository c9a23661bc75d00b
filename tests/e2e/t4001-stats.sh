#!/bin/bash
# t4001 -- `recall stats` over reviews made with `recall card grade`.
#   4001.1  --json: cards by state and the forecast agree with card_state;
#           reviews, time, true retention and the streak as worked out
#           by hand from the grades below
#   4001.2  one deck; an unknown deck (exit 1); bad arguments (exit 2)
#   4001.3  text in a pipe: ASCII charts, no escapes, the same numbers
#   4001.4  on a terminal: Unicode blocks; escapes only without NO_COLOR
. "$(dirname "$0")/lib.sh"
printf 'deck: e\ntitle: E\nlearning-steps: none\nrelearning-steps: none\n\nbasic: a\nQ: qa\nA: aa\n\nbasic: b\nQ: qb\nA: ab\n\nbasic: c\nQ: qc\nA: ac\n' >e.deck
printf 'deck: o\ntitle: O\n\nbasic: x\nQ: qx\nA: ax\n' >o.deck
"$RECALL" import e.deck o.deck >/dev/null
grade() { "$RECALL" --now "$1" card grade "$2" "$3" >/dev/null; }
# Study days start at 04:00 (UTC here); today is 2026-01-05 (D).
grade 2026-01-01T10:00:00Z e/a good  # D-4, first review
grade 2026-01-03T10:00:00Z e/a again # D-2, true, failed
grade 2026-01-04T10:00:00Z e/b good  # D-1, first review
grade 2026-01-05T03:00:00Z e/b good  # 03:00: still D-1, not true
grade 2026-01-05T09:00:00Z e/a good  # D, true, passed
grade 2025-12-20T10:00:00Z o/x good  # D-16, deck o
sql "UPDATE revlog SET duration_ms = 1500"

# 4001.1
"$RECALL" stats --json >all.json
"$RECALL" stats --json e >e.json
sql "SELECT cs.state, cs.due_ms, cs.suspended, d.key FROM card_state cs
     JOIN cards c ON c.id = cs.card_id JOIN notes n ON n.id = c.note_id
     JOIN decks d ON d.id = n.deck_id" >states.txt
python3 - all.json e.json states.txt <<'PY' || fail "stats --json numbers"
import json, sys
DAY, H = 86400000, 3600000
D = 20458  # 2026-01-05
now = D * DAY + 10 * H
start = lambda d: d * DAY + 4 * H
rows = [l.split("|") for l in open(sys.argv[3]).read().split()]

def check(path, deck, cards, reviews, days, streak):
    s = json.load(open(path))
    mine = [r for r in rows if deck is None or r[3] == deck]
    by = lambda st: sum(1 for r in mine if r[0] == st)
    want_cards = {"total": cards, "new": cards - len(mine) + by("0"),
                  "learning": by("1"), "review": by("2"),
                  "relearning": by("3"),
                  "suspended": sum(1 for r in mine if r[2] == "1"),
                  "leeches": 0}
    assert s["cards"] == want_cards, (s["cards"], want_cards)
    due = [0] * 30
    for r in mine:
        if r[0] != "0" and r[2] == "0":
            day = max(0, (int(r[1]) - 4 * H) // DAY - D)
            if day < 30:
                due[day] += 1
    assert [f["due"] for f in s["forecast"]] == due, s["forecast"]
    assert [f["day_start_ms"] for f in s["forecast"]] == \
        [start(D + i) for i in range(30)]
    hist = s["history"]
    assert len(hist) == 182 and hist[-1]["day_start_ms"] == start(D)
    got = {D - 181 + i: h["reviews"] for i, h in enumerate(hist)
           if h["reviews"]}
    assert got == days, (got, days)
    assert all(h["time_ms"] == 1500 * h["reviews"] for h in hist)
    n = sum(days.values())
    want = [{"days": 7, "reviews": reviews[0], "time_ms": 1500 * reviews[0],
             "true_reviews": 2, "true_passed": 1, "retention": 0.5},
            {"days": 30, "reviews": n, "time_ms": 1500 * n,
             "true_reviews": 2, "true_passed": 1, "retention": 0.5},
            {"days": 365, "reviews": n, "time_ms": 1500 * n,
             "true_reviews": 2, "true_passed": 1, "retention": 0.5}]
    assert s["periods"] == want, s["periods"]
    assert s["streak_days"] == streak, s["streak_days"]
    assert s["now_ms"] == now and s["rollover_hour"] == 4
    assert s["deck"] == deck and s["profile"] == "default"
    assert s["hardest_by"] == "difficulty"
    assert sorted(h["card"] for h in s["hardest"]) == \
        (["e/a", "e/b", "o/x"] if deck is None else ["e/a", "e/b"])
    assert s["leeches"] == []

check(sys.argv[1], None, 4, [5], {D - 16: 1, D - 4: 1, D - 2: 1, D - 1: 2,
                                  D: 1}, 3)
check(sys.argv[2], "e", 3, [5], {D - 4: 1, D - 2: 1, D - 1: 2, D: 1}, 3)
PY
# Another profile has studied nothing.
"$RECALL" --profile other stats --json >other.json
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["cards"]["new"] == 4 and s["streak_days"] == 0
assert sum(p["reviews"] for p in s["periods"]) == 0
assert s["periods"][0]["retention"] is None
' other.json || fail "another profile sees these reviews"

# 4001.2
expect_exit 1 "$RECALL" stats zz 2>err
printf "recall: no deck 'zz'\n" >expect
compare expect err
expect_exit 2 "$RECALL" stats e o 2>err
grep -q "^recall: unexpected argument 'o'" err || fail "no usage error"
expect_exit 2 "$RECALL" stats --bogus 2>err
"$RECALL" stats --help >help.out
grep -q '^usage: recall stats' help.out || fail "no help"

# 4001.3
"$RECALL" stats >pipe.out
grep -q $'\033' pipe.out && fail "escapes in a pipe"
LC_ALL=C grep -q '[^ -~]' pipe.out && fail "non-ASCII text in a pipe"
grep -q '^  reviews  *5  *6  *6$' pipe.out || fail "periods: $(cat pipe.out)"
grep -q '^  true retention  *50.0%  *50.0%  *50.0%$' pipe.out ||
    fail "retention row"
grep -q '^  time spent  *7s  *9s  *9s$' pipe.out || fail "time row"
grep -q '^Streak: 3 days$' pipe.out || fail "streak"
# The heatmap: Monday 2026-01-05 is today, the last cell of its row;
# Sunday (D-1, 2 reviews) is the darkest; Saturday D-2 and Thursday D-4
# hold 1 review each: half of the most, shade '+'.
grep -q '^  Mon .* +$' pipe.out || fail "today's cell"
grep -q '^  Sun .* #$' pipe.out || fail "Sunday's cell"
grep -q '^  Thu .* + *$' pipe.out || fail "Thursday's cell"
grep -q '^  0 |' pipe.out || fail "forecast axis"

# 4001.4
on_tty() { script -qec "$1" /dev/null; }
NO_COLOR=1 TERM=xterm on_tty "'$RECALL' stats" >tty.out
grep -q $'\033' tty.out && fail "escapes despite NO_COLOR"
grep -q '[▁▂▃▄▅▆▇█]' tty.out || fail "no block characters on a terminal"
grep -q '[·░▒▓]' tty.out || fail "no heatmap shades on a terminal"
unset NO_COLOR
TERM=xterm on_tty "'$RECALL' stats" >tty.out
grep -q $'\033\\[1m' tty.out || fail "no colour on a terminal"
TERM=xterm on_tty "'$RECALL' --no-color stats" >tty.out
grep -q $'\033' tty.out && fail "escapes despite --no-color"
echo "t4001: ok"
