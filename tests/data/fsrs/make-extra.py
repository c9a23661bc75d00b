#!/usr/bin/env python3
# make-extra.py -- regenerate extra.json: FSRS histories on configurations
# that shared/fsrs/vectors.json leaves out (17- and 19-weight sets, clamped
# weights, the w17/w18 cap, long steps, a tiny maximum interval, times
# before 1970), with the states ts-fsrs 5.4.2 gives them.
#
# Usage: make-extra.py DIR >extra.json, where DIR holds replay-bench.mjs
# (scripts/bench/ref/) and node_modules/ts-fsrs 5.4.2 (as build/bench-node
# after scripts/bench/sched).  Deterministic: the same file every time.
import json, random, subprocess, sys

DAY, MIN = 86400000, 60000
W21 = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722,
       0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425,
       0.0912, 0.0658, 0.1542]
W17 = [0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298, 0.8975, 0.031,
       1.6474, 0.1367, 1.0461, 2.1072, 0.0793, 0.3246, 1.587, 0.2272, 2.8755]
W19 = [0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046,
       1.54575, 0.1192, 1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315,
       2.9898, 0.51655, 0.6621]

def cfg(w=W21, rr=0.9, mi=36500, st=True, ls=("1m", "10m"), rs=("10m",)):
    return {"w": list(w), "request_retention": rr, "maximum_interval": mi,
            "enable_short_term": st, "learning_steps": list(ls),
            "relearning_steps": list(rs), "enable_fuzz": False}

SETS = [
    ("w17", "FSRS-4.5 weights, migrated", cfg(w=W17)),
    ("w19-long-term", "FSRS-5 weights, short-term off (w19 stays 0)",
     cfg(w=W19, st=False)),
    ("w19-steps", "FSRS-5 weights, short-term on (w19 clamped to 0.01)",
     cfg(w=W19, ls=("5m", "30m", "2h"), rs=("15m",))),
    ("cap-3-relearning", "three relearning steps cap w17 at 0.49027301",
     cfg(rs=("10m", "1h", "3h"))),
    ("cap-big-w17", "w17 = 1.9 and w18 = 1.5 capped by 4 relearning steps",
     cfg(w=W21[:17] + [1.9, 1.5] + W21[19:], rs=("2m", "5m", "10m", "20m"))),
    ("long-steps", "steps of hours and days, Hard between 1d and 3d",
     cfg(ls=("1d", "3d"), rs=("12h", "2d"), rr=0.85)),
    ("tiny-max", "maximum_interval 7, retention 0.7",
     cfg(mi=7, rr=0.7)),
    ("ten-decimals", "weights with ten decimals (printed unrounded)",
     cfg(w=[round(x * 1.0123456789, 10) if i < 4 else x
            for i, x in enumerate(W21)])),
]

def events(rng, name):
    rows = []
    for c in range(25):
        t = rng.randint(-3 * 365 * DAY, 55 * 365 * DAY)
        for j in range(rng.randint(1, 30)):
            if j:
                u = rng.random()
                t += (rng.randint(0, 20 * MIN) if u < 0.3 else
                      rng.randint(0, DAY) if u < 0.45 else
                      rng.randint(DAY, 100 * DAY) if u < 0.85 else
                      rng.randint(100 * DAY, 5 * 365 * DAY) if u < 0.97 else
                      rng.randint(0, 3))
            rows.append((f"{name}-{c:02d}", t, rng.choice([1, 1, 2, 3, 3, 3, 3, 4])))
    return rows

def main():
    ref = sys.argv[1]
    rng = random.Random(20261125)
    out = {"generator": "ts-fsrs 5.4.2 (replay-bench.mjs), by make-extra.py",
           "sets": []}
    for name, desc, config in SETS:
        evs = events(rng, name)
        json.dump(config, open(f"{ref}/extra-config.json", "w"))
        csv = "card_id,review_time_ms,rating\n" + "".join(
            f"{c},{t},{g}\n" for c, t, g in evs)
        res = subprocess.run(["node", "replay-bench.mjs", "--config",
                              "extra-config.json"], cwd=ref, input=csv,
                             capture_output=True, text=True, check=True)
        rows = [l for l in res.stdout.splitlines()
                if l and not l.startswith("[FSRS")][1:]
        assert len(rows) == len(evs)
        hist = {}
        for (c, t, g), row in zip(evs, rows):
            f = row.split(",")
            hist.setdefault(c, []).append({
                "review_time_ms": t, "rating": g,
                "expect": {"state": int(f[3]), "stability": float(f[4]),
                           "difficulty": float(f[5]),
                           "elapsed_days": int(f[6]),
                           "scheduled_days": int(f[7]), "due_ms": int(f[8]),
                           "reps": int(f[9]), "lapses": int(f[10]),
                           "retrievability": float(f[11])}})
        out["sets"].append({"name": name, "description": desc,
                            "config": config, "histories": [
                                {"card_id": c, "events": e}
                                for c, e in hist.items()]})
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")

main()
