#!/bin/bash
# t2002 -- kill -9 during a review session loses nothing answered.
#   2002.1  50 sessions over the line protocol, each killed with SIGKILL
#           at a random point (between prompts or right after a grade)
#   2002.2  after each: PRAGMA integrity_check is ok, and every answer the
#           session acknowledged (by showing the next prompt) is in the
#           review log; nothing is there that was never sent
. "$(dirname "$0")/lib.sh"
copy_decks
"$RECALL" import decks >/dev/null
python3 - "$RECALL" "$RECALL_DB" <<'PY'
import os, random, signal, sqlite3, subprocess, sys

recall, db = sys.argv[1:3]
rng = random.Random(20260105)

def reviews():
    c = sqlite3.connect(db)
    n = c.execute("SELECT count(*) FROM revlog").fetchone()[0]
    ok = c.execute("PRAGMA integrity_check").fetchone()[0]
    c.close()
    return n, ok

total_acked = 0
for run in range(50):
    before, _ = reviews()
    kill_after = rng.randrange(1, 25)   # prompts to answer before the kill
    mid_line = rng.random() < 0.5       # kill right after sending a grade
    env = dict(os.environ, RECALL_NOW=f"2026-02-{1 + run % 28:02d}T10:00:00Z")
    p = subprocess.Popen([recall, "review", "--seed", str(run)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, env=env, bufsize=1)
    prompts = grades_sent = acked = 0
    last_was_grade = False
    for raw in p.stdout:
        line = raw.rstrip("\n")
        if not line.endswith("> "):
            continue
        if last_was_grade:
            acked += 1  # a new prompt: the grade before it was committed
        prompts += 1
        if prompts > kill_after and not mid_line:
            break
        reply = "3" if line.startswith("grade") else "x"
        if line.startswith("press Enter"):
            reply = ""
        if line.startswith("grade ["):
            reply = ""
        p.stdin.write(reply + "\n")
        p.stdin.flush()
        last_was_grade = line.startswith("grade")
        grades_sent += last_was_grade
        if prompts > kill_after and mid_line and last_was_grade:
            break
    p.send_signal(signal.SIGKILL)
    p.wait()
    p.stdout.close()
    p.stdin.close()
    after, ok = reviews()
    assert ok == "ok", (run, ok)
    got = after - before
    assert acked <= got <= grades_sent, (run, acked, got, grades_sent)
    total_acked += acked
print(f"50 kills: every acknowledged answer kept ({total_acked} answers)")
PY
echo "t2002: ok"
