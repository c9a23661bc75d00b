#!/bin/bash
# t3001 -- `recall quiz` through the line protocol, with a pinned clock;
# then the collection is checked.
#   3001.1  a full mixed quiz: each kind asked its way, made-up choices
#           with distractors sharing a tag, some answers right, some
#           wrong, one almost; the score line and the per-question report;
#           the run kept; the schedule and review log untouched
#   3001.2  --json (dialogue on stderr, one document on stdout) and
#           --csv FILE: the same quiz again, field by field
#   3001.3  --record: answers logged as reviews of kind 'quiz'
#   3001.4  --time: an answer after the limit scores nothing (one real
#           1.2 s delay)
#   3001.5  :quit keeps the answers so far; end of input at once keeps
#           nothing
#   3001.6  --history, as text and JSON, per profile
#   3001.7  malformed arguments: exit 2 (usage) or 1 (no such deck), a
#           clear message, nothing written
. "$(dirname "$0")/lib.sh"
cat >q.deck <<'TXT'
deck: q
title: Quiz test

typed: year
Q: In which year did the October Revolution happen?
A: 1917
tags: years

typed: book
Q: When did Trotsky write The Revolution Betrayed?
A: 1936
tags: years

typed: founding
Q: When was the Fourth International founded?
A: 1938
tags: years

basic: author
Q: Who wrote The Revolution Betrayed?
A: Trotsky
tags: names

basic: leader
Q: Who led the bureaucracy?
A: Stalin
tags: names

choice: pick
Q: Which one is a planet?
A: Mars
options:
  Mars
  Moon
  Sun
tags: misc

cloze: clz
text: {{Zinoviev}} was tried in August.
tags: names
TXT
"$RECALL" import q.deck >/dev/null
snap() { sql "SELECT * FROM card_state ORDER BY card_id; SELECT * FROM revlog ORDER BY id;" >"$1"; }
snap before.txt

# The driver: answers each prompt from a table by the question shown,
# right, wrong or almost as the table says (always right when it is to
# wait DELAY seconds first), and logs what it saw.
#   python3 drive.py RECALL LOG stdout|stderr DELAY [quit=N] QUIZ-ARGS...
cat >drive.py <<'PY'
import json, subprocess, sys, time

# question -> (right answer, what to send)
CARDS = {
    "In which year did the October Revolution happen?": ("1917", "right"),
    "When did Trotsky write The Revolution Betrayed?": ("1936", "right"),
    "When was the Fourth International founded?": ("1938", "1983"),
    "Who wrote The Revolution Betrayed?": ("Trotsky", "right"),
    "Who led the bureaucracy?": ("Stalin", "wrong"),
    "Which one is a planet?": ("Mars", "right"),
    "[...] was tried in August.": ("Zinoviev", "Zinovev"),
}

def main():
    recall, log, stream, delay, *args = sys.argv[1:]
    quit_after = None
    if args and args[0].startswith("quit="):
        quit_after = int(args.pop(0)[5:])
    out = open("stdout.txt", "w") if stream == "stderr" else subprocess.PIPE
    err = subprocess.PIPE if stream == "stderr" else None
    p = subprocess.Popen([recall, "quiz"] + args, stdin=subprocess.PIPE,
                         stdout=out, stderr=err, text=True, bufsize=1)
    src = p.stderr if stream == "stderr" else p.stdout
    lines, pending, asked = [], [], []
    for raw in src:
        line = raw.rstrip("\n")
        lines.append(line)
        if not line.endswith("> "):
            pending.append(line)
            continue
        if quit_after is not None and len(asked) == quit_after:
            reply = ":quit"
        else:
            reply = answer(line, pending, asked, float(delay) > 0)
        pending = []
        if float(delay):
            time.sleep(float(delay))
        p.stdin.write(reply + "\n")
        p.stdin.flush()
    code = p.wait()
    json.dump({"lines": lines, "asked": asked, "code": code},
              open(log, "w"), indent=1)
    sys.exit(code)

def answer(prompt, shown, asked, all_right):
    start = max(i for i, l in enumerate(shown) if l.startswith("[question "))
    texts = [l for l in shown[start + 1:] if l.strip()]
    question = texts[0]
    options = {}
    for l in texts[1:]:
        s = l.strip()
        if s[:1].isdigit() and ") " in s[:5]:
            num, text = s.split(") ", 1)
            options[text] = num
    right, plan = CARDS[question]
    if all_right:
        plan = "right"
    asked.append({"question": question, "prompt": prompt,
                  "options": sorted(options)})
    if prompt == "answer> ":
        return right if plan == "right" else plan
    assert prompt == "choose a number> ", prompt
    if plan == "right":
        return options[right]
    return [n for t, n in options.items() if t != right][0]

main()
PY
quiz() { python3 drive.py "$RECALL" "$@" || fail "quiz $*: exit $?"; }

# 3001.1 -- a full quiz, mixed.
quiz run1.json stdout 0 --seed 5 --count 20 q >/dev/null
python3 - run1.json <<'PY' || fail "3001.1 dialogue"
import json, re, sys
d = json.load(open(sys.argv[1]))
asked = {a["question"]: a for a in d["asked"]}
assert len(d["asked"]) == 7, d["asked"]
# Each kind its way: typed and cloze typed, basic and choice as a choice.
kinds = {q: a["prompt"] for q, a in asked.items()}
for q in ("In which year did the October Revolution happen?",
          "When was the Fourth International founded?",
          "[...] was tried in August."):
    assert kinds[q] == "answer> ", (q, kinds[q])
for q in ("Who wrote The Revolution Betrayed?", "Who led the bureaucracy?",
          "Which one is a planet?"):
    assert kinds[q] == "choose a number> ", (q, kinds[q])
# Distractors: the two other 'names' answers first, then one more; never
# the order card (none here), never a repeat.  Worked out by hand: the
# third is Mars (one word, like the answer), not a year.
assert asked["Who wrote The Revolution Betrayed?"]["options"] == \
    ["Mars", "Stalin", "Trotsky", "Zinoviev"], asked
assert asked["Who led the bureaucracy?"]["options"] == \
    ["Mars", "Stalin", "Trotsky", "Zinoviev"], asked
assert asked["Which one is a planet?"]["options"] == ["Mars", "Moon", "Sun"]
# The line protocol: prompts alone on their line, no escapes.
for l in d["lines"]:
    assert "\033" not in l, l
    assert not ("> " in l and not l.endswith("> ")), l
assert sum(l.startswith("[question ") for l in d["lines"]) == 7
PY
python3 -c "import json;print('\n'.join(json.load(open('run1.json'))['lines']))" >out1.txt
grep -qx 'score: 4/7 (57%)' out1.txt || fail "3001.1 score line: $(grep score out1.txt)"
# The report, one line per question, in the order asked; times masked.
sed -n '/^score: /,$p' out1.txt | tail -n +2 |
    sed -E 's/^ *[0-9]+\. ([a-z]+) +[0-9]+\.[0-9]s  /\1 /' | sort >report.txt
cat >expect <<'TXT'
almost q/clz: Zinovev (answer: Zinoviev)
right q/author: Trotsky
right q/book: 1936
right q/pick: Mars
right q/year: 1917
wrong q/founding: 1983 (answer: 1938)
wrong q/leader: Mars (answer: Stalin)
TXT
sed -i -E 's/^(wrong q\/leader: )(Trotsky|Zinoviev)/\1Mars/' report.txt
compare expect report.txt
[ "$(sed -n '/^score: /,$p' out1.txt | grep -cE '^ +[1-7]\. ')" = 7 ] || fail "3001.1 numbering"
# Kept for the profile; the schedule and the log untouched.
[ "$(sql 'SELECT profile_id, count, score, kind, seed, started_ms, finished_ms FROM quiz_runs')" = \
    "1|7|4|mixed|5|1767607200000|1767607200000" ] || fail "3001.1 run: $(sql 'SELECT * FROM quiz_runs')"
[ "$(sql 'SELECT sum(points), sum(right), sum(almost), count(*), min(position), max(position) FROM quiz_answers')" = \
    "4|4|1|7|1|7" ] || fail "3001.1 answers: $(sql 'SELECT * FROM quiz_answers')"
[ "$(sql "SELECT given FROM quiz_answers a JOIN cards c ON c.id = a.card_id JOIN notes n ON n.id = c.note_id WHERE n.key = 'pick'")" = Mars ] ||
    fail "3001.1 a choice keeps the option's text"
snap after.txt
compare before.txt after.txt

# 3001.2 -- the same quiz as JSON, with a CSV report.
quiz run2.json stderr 0 --seed 5 --count 20 --json --csv report.csv q
python3 - run1.json run2.json stdout.txt <<'PY' || fail "3001.2 json"
import json, sys
one, two = (json.load(open(f)) for f in sys.argv[1:3])
assert [a["question"] for a in one["asked"]] == \
    [a["question"] for a in two["asked"]], "the seed did not repeat the quiz"
doc = json.load(open(sys.argv[3]))  # stdout is one document, nothing else
assert doc["deck"] == "q" and doc["profile"] == "default", doc
assert doc["kind"] == "mixed" and doc["seed"] == 5, doc
assert doc["count"] == 7 and doc["score"] == 4, doc
assert doc["started_ms"] == 1767607200000 and doc["time_limit_ms"] is None
assert doc["recorded"] is False and doc["run"] == 2, doc
qs = {q["card"]: q for q in doc["questions"]}
assert [q["position"] for q in doc["questions"]] == list(range(1, 8))
clz = qs["q/clz"]
assert (clz["result"], clz["right"], clz["almost"], clz["points"]) == \
    ("almost", False, True, 0), clz
assert clz["given"] == "Zinovev" and clz["answer"] == "Zinoviev", clz
assert clz["ask"] == "typed" and "options" not in clz, clz
au = qs["q/author"]
assert au["ask"] == "choice" and au["given"] == "Trotsky" and au["right"]
assert sorted(au["options"]) == ["Mars", "Stalin", "Trotsky", "Zinoviev"]
assert qs["q/founding"]["result"] == "wrong", qs["q/founding"]
for q in doc["questions"]:
    assert isinstance(q["time_ms"], int) and q["time_ms"] >= 0, q
    assert q["late"] is False, q
    assert q["points"] == (1 if q["right"] else 0), q
PY
python3 - report.csv <<'PY' || fail "3001.2 csv"
import csv, sys
raw = open(sys.argv[1], newline="").read()
assert raw.startswith("position,card,question,given,answer,right,almost,time_ms\r\n"), raw[:80]
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows) == 8, rows
assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 8)]
got = sorted(r[1:7] for r in rows[1:])
want = sorted([
    ["q/year", "In which year did the October Revolution happen?", "1917", "1917", "1", "0"],
    ["q/book", "When did Trotsky write The Revolution Betrayed?", "1936", "1936", "1", "0"],
    ["q/founding", "When was the Fourth International founded?", "1983", "1938", "0", "0"],
    ["q/author", "Who wrote The Revolution Betrayed?", "Trotsky", "Trotsky", "1", "0"],
    ["q/pick", "Which one is a planet?", "Mars", "Mars", "1", "0"],
    ["q/clz", "[...] was tried in August.", "Zinovev", "Zinoviev", "0", "1"],
])
leader = [r for r in got if r[0] == "q/leader"]
assert len(leader) == 1 and leader[0][3:] == ["Stalin", "0", "0"], leader
assert leader[0][2] in ("Mars", "Trotsky", "Zinoviev"), leader
assert [r for r in got if r[0] != "q/leader"] == want, got
assert all(r[7].isdigit() for r in rows[1:])
PY
snap after.txt
compare before.txt after.txt

# 3001.3 -- --record: every card typed; right -> Good, wrong -> Again.
quiz run3.json stdout 0 --seed 9 --count 3 --kind typed --record q >/dev/null
python3 -c "import json;print('\n'.join(json.load(open('run3.json'))['lines']))" >out3.txt
grep -qx 'recorded 3 answers as quiz reviews' out3.txt || fail "3001.3 no record line"
python3 - run3.json <<'PY' || fail "3001.3 prompts"
import json, sys
d = json.load(open(sys.argv[1]))
assert all(a["prompt"] == "answer> " for a in d["asked"]), d["asked"]
PY
[ "$(sql "SELECT count(*), count(DISTINCT card_id) FROM revlog WHERE kind = 'quiz' AND time_ms = 1767607200000")" = "3|3" ] ||
    fail "3001.3 revlog: $(sql 'SELECT * FROM revlog')"
[ "$(sql 'SELECT count(*) FROM revlog')" = 3 ] || fail "3001.3 other reviews"
[ "$(sql 'SELECT count(*) FROM card_state')" = 3 ] || fail "3001.3 states"
score3=$(sql 'SELECT score FROM quiz_runs WHERE id = 3')
[ "$(sql 'SELECT count(*) FROM revlog WHERE rating = 3')" = "$score3" ] || fail "3001.3 Good for right"
[ "$(sql 'SELECT count(*) FROM revlog WHERE rating = 1')" = "$((3 - score3))" ] || fail "3001.3 Again for wrong"
[ "$(sql 'SELECT count(*) FROM revlog WHERE rating IN (2, 4)')" = 0 ] || fail "3001.3 Hard/Easy"
snap before.txt   # the schedule as --record left it

# 3001.4 -- --time 1 and an answer after 1.2 s: right, but late.
quiz run4.json stdout 1.2 --seed 5 --count 1 --kind typed --time 1 q >/dev/null
python3 -c "import json;print('\n'.join(json.load(open('run4.json'))['lines']))" >out4.txt
grep -qx 'score: 0/1 (0%)' out4.txt || fail "3001.4 score: $(grep score out4.txt)"
grep -qE '^late: 1\.[2-9] s, over the limit of 1\.0 s: no point$' out4.txt || fail "3001.4 late line"
grep -B3 '^late: ' out4.txt | grep -qx 'right' || fail "3001.4 the answer itself was right"
grep -qE '^  1\. late +1\.[2-9]s  q/' out4.txt || fail "3001.4 report"
[ "$(sql 'SELECT right, almost, points, time_ms >= 1200 FROM quiz_answers WHERE run_id = 4')" = "0|0|0|1" ] ||
    fail "3001.4 stored: $(sql 'SELECT * FROM quiz_answers WHERE run_id = 4')"

# 3001.5 -- :quit after two questions keeps two; end of input keeps none.
quiz run5.json stdout 0 quit=2 --seed 5 --count 5 q >/dev/null
[ "$(sql 'SELECT count, (SELECT count(*) FROM quiz_answers WHERE run_id = 5) FROM quiz_runs WHERE id = 5')" = "2|2" ] ||
    fail "3001.5 quit: $(sql 'SELECT * FROM quiz_runs')"
"$RECALL" quiz --seed 5 q </dev/null >out6.txt
grep -qx 'No question answered: nothing kept.' out6.txt || fail "3001.5 eof"
[ "$(sql 'SELECT count(*) FROM quiz_runs')" = 5 ] || fail "3001.5 empty run kept"
snap after.txt
compare before.txt after.txt

# 3001.6 -- the history, per profile.
"$RECALL" quiz --history >hist.txt
cat >expect <<'TXT'
DATE              DECK                 SCORE  KIND
2026-01-05 10:00  q                      4/7  mixed
2026-01-05 10:00  q                      4/7  mixed
2026-01-05 10:00  q                      S/3  typed
2026-01-05 10:00  q                      0/1  typed
2026-01-05 10:00  q                      P/2  mixed
TXT
sed -i "s|S/3|$score3/3|; s|P/2|$(sql 'SELECT score FROM quiz_runs WHERE id = 5')/2|" expect
compare expect hist.txt
"$RECALL" quiz --history q >hist2.txt
compare expect hist2.txt
"$RECALL" quiz --history --json >hist.json
python3 - hist.json <<'PY' || fail "3001.6 json"
import json, sys
runs = json.load(open(sys.argv[1]))
assert [r["run"] for r in runs] == [1, 2, 3, 4, 5], runs
assert runs[0] == {"run": 1, "deck": "q", "kind": "mixed",
                   "started_ms": 1767607200000, "finished_ms": 1767607200000,
                   "count": 7, "score": 4, "seed": 5}, runs[0]
PY
"$RECALL" --profile bob quiz --history >bob.txt
printf 'No quiz taken yet.\n' >expect
compare expect bob.txt
"$RECALL" --profile bob --json quiz --history >bob.json
printf '[]\n' >expect
compare expect bob.json

# 3001.7 -- malformed arguments.
bad() {
    want=$1 msg=$2
    shift 2
    expect_exit "$want" "$RECALL" quiz "$@" </dev/null >out 2>err
    [ "$(head -1 err)" = "recall: $msg" ] || fail "quiz $*: $(cat err)"
    [ ! -s out ] || fail "quiz $*: wrote to stdout: $(cat out)"
}
bad 2 "--count needs a number from 1 to 10000, not '0'" --count 0 q
bad 2 "--count needs a number from 1 to 10000, not 'many'" --count many q
bad 2 "--count needs a number from 1 to 10000, not '10001'" --count 10001 q
bad 2 "unknown quiz kind 'bogus': expected choice, typed or mixed" --kind bogus q
bad 2 "--time needs seconds, more than 0 and at most 86400, not '-1'" --time -1 q
bad 2 "--seed needs a number from 0 to 9223372036854775807, not 'x'" --seed x q
bad 2 "option '--count' needs a value" q --count
bad 2 "unknown option '--frob'" --frob q
bad 2 "no deck given"
bad 2 "unexpected argument 'r'" q r
bad 2 "--history takes only --json and a deck" --history --record
bad 1 "no deck 'nope'" nope
bad 1 "no deck 'nope'" --history nope
expect_exit 2 "$RECALL" quiz --kind bogus q 2>err
sed -n 2p err | grep -q '^usage: recall quiz ' || fail "no usage line after a usage error"
[ "$(sql 'SELECT count(*) FROM quiz_runs')" = 5 ] || fail "3001.7 wrote a run"
snap after.txt
compare before.txt after.txt
sql "PRAGMA integrity_check" | grep -qx ok || fail "integrity"
echo "t3001: ok"
