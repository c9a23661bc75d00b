#!/bin/bash
# t1500-sched-replay-vectors.sh -- `recall sched replay` against ts-fsrs.
#
# Case groups:
#   vectors    every event of tests/data/fsrs/vectors.json (10 sets, made
#              by ts-fsrs 5.4.2): state, elapsed_days, scheduled_days,
#              due_ms, reps, lapses identical; stability and difficulty
#              within 1e-6 relative; retrievability within 1e-9
#   extra      tests/data/fsrs/extra.json, the same way: 8 more sets from
#              ts-fsrs (make-extra.py) for what the vectors leave out:
#              17/19-weight migration, clamped weights, the w17/w18 cap,
#              day-long steps, maximum_interval 7, times before 1970
#   lanes      the default set 50 times over (52,950 events, 1.6 MB: two
#              read blocks, each split across threads): the same rows;
#              and a bad last line still gets every row before it
#   csv        malformed events: exit 1, the exact message, and the rows
#              before the bad line still written; a full disk
#   config     malformed configs: exit 1 and the exact message
#   sm2        --algo sm2 on Anki's defaults, rows worked out by hand
#   usage      unknown options and algorithms: exit 2
. "$(dirname "$0")/lib.sh"

VECTORS="$RECALL_TEST_DATA/fsrs/vectors.json"
EXTRA="$RECALL_TEST_DATA/fsrs/extra.json"

# ---- vectors ----------------------------------------------------------------
# For each set: SET.json (its config as is), SET.csv (its events), and
# SET.expect.json (the expected rows), then replay and compare.
python3 - "$VECTORS" "$EXTRA" <<'EOF'
import json, sys
sets = [s for f in sys.argv[1:] for s in json.load(open(f))["sets"]]
n = sum(len(h["events"]) for s in sets for h in s["histories"])
json.dump(n, open("total.json", "w"))
with open("sets.txt", "w") as names:
    for s in sets:
        name = s["name"]
        names.write(name + "\n")
        json.dump(s["config"], open(name + ".json", "w"))
        rows, expect = ["card_id,review_time_ms,rating"], []
        for h in s["histories"]:
            for e in h["events"]:
                rows.append("%s,%d,%d" % (h["card_id"], e["review_time_ms"],
                                          e["rating"]))
                expect.append([h["card_id"], e["review_time_ms"],
                               e["rating"], e["expect"]])
        open(name + ".csv", "w").write("\n".join(rows) + "\n")
        json.dump(expect, open(name + ".expect.json", "w"))
        if name == "default": # 50 copies under other card ids: "lanes"
            big = [[f"{h['card_id']}-{k}", e["review_time_ms"], e["rating"],
                    e["expect"]]
                   for k in range(50) for h in s["histories"]
                   for e in h["events"]]
            open("lanes.csv", "w").write(
                "".join("%s,%d,%d\n" % tuple(b[:3]) for b in big))
            json.dump(s["config"], open("lanes.json", "w"))
            json.dump(big, open("lanes.expect.json", "w"))
EOF
cp sets.txt all.txt && echo lanes >>all.txt

while read -r set; do
    expect_exit 0 "$RECALL" sched replay --algo fsrs --config "$set.json" \
        <"$set.csv" >"$set.out" 2>"$set.err"
    compare /dev/null "$set.err"
done <all.txt

python3 - <<'EOF' || fail "replayed states differ from ts-fsrs"
import json, sys
HEADER = ("card_id,review_time_ms,rating,state,stability,difficulty,"
          "elapsed_days,scheduled_days,due_ms,reps,lapses,retrievability")
EXACT = ["state", "elapsed_days", "scheduled_days", "due_ms", "reps",
         "lapses"]
total = bad = 0
for name in open("all.txt").read().split():
    expect = json.load(open(name + ".expect.json"))
    lines = open(name + ".out").read().splitlines()
    if not lines or lines[0] != HEADER:
        print(f"{name}: missing header line"); bad += 1; continue
    rows = lines[1:]
    if len(rows) != len(expect):
        print(f"{name}: {len(rows)} rows for {len(expect)} events")
        bad += 1; continue
    for n, (row, (cid, t, g, x)) in enumerate(zip(rows, expect), 2):
        total += 1
        f = row.split(",")
        got = dict(zip(HEADER.split(","), f))
        why = []
        if f[:3] != [cid, str(t), str(g)]:
            why.append("event columns")
        why += [k for k in EXACT if int(got[k]) != x[k]]
        for k in ("stability", "difficulty"):
            if abs(float(got[k]) - x[k]) > 1e-6 * abs(x[k]):
                why.append(k)
        if abs(float(got["retrievability"]) - x["retrievability"]) > 1e-9:
            why.append("retrievability")
        if why:
            bad += 1
            if bad <= 10:
                print(f"{name}.out:{n}: {', '.join(why)}: {row} want {x}")
print(f"vectors: {total} events, {bad} differ")
want = json.load(open("total.json")) + 50 * 1059
sys.exit(1 if bad or total != want else 0)
EOF

# lanes: a bad line after 52,950 good events (line 52,951, no header).
{ cat lanes.csv; echo 'x,1,9'; } >lanes-bad.csv
expect_exit 1 "$RECALL" sched replay --config lanes.json <lanes-bad.csv \
    >lanes-bad.out 2>err
echo "recall: <stdin>:52951: rating '9' is not 1, 2, 3 or 4" >expect
compare expect err
cmp -s lanes-bad.out lanes.out || fail "rows before a bad line differ"

# A full disk is an error, for a small input and a threaded one.
for f in default.csv lanes.csv; do
    expect_exit 1 "$RECALL" sched replay <"$f" >/dev/full 2>err
    echo "recall: write: No space left on device" >expect
    compare expect err
done

# ---- csv --------------------------------------------------------------------
# Each row: the input, then the exact message.  The first line of every
# input is a good event, so stdout must hold the header and its row.
long_id=$(printf '%05000d' 0)
while IFS='|' read -r input msg; do
    printf 'c0,1600000000000,3\n%b\n' "$input" >bad.csv
    expect_exit 1 "$RECALL" sched replay <bad.csv >bad.out 2>bad.err
    printf 'recall: <stdin>:%s\n' "$msg" >expect
    compare expect bad.err
    [ "$(wc -l <bad.out)" -eq 2 ] || fail "rows before '$input' lost"
done <<EOF
a,b|2: expected 3 fields card_id,review_time_ms,rating, got 2
c1,1600000000000,3,9|2: expected 3 fields card_id,review_time_ms,rating, got 4
onlyid|2: expected 3 fields card_id,review_time_ms,rating, got 1
,1600000000000,3|2: empty card_id
c1,12x,3|2: review_time_ms '12x' is not an integer
c1,,3|2: review_time_ms '' is not an integer
c1,1.5,3|2: review_time_ms '1.5' is not an integer
c1,99999999999999999999,3|2: review_time_ms '99999999999999999999' is out of range
c1,1600000000000,0|2: rating '0' is not 1, 2, 3 or 4
c1,1600000000000,5|2: rating '5' is not 1, 2, 3 or 4
c1,1600000000000,33|2: rating '33' is not 1, 2, 3 or 4
c1,1600000000000,|2: rating '' is not 1, 2, 3 or 4
c0,1599999999999,3|2: review_time_ms goes backwards within card 'c0'
$long_id,1600000000000,3|2: line is longer than 4096 bytes
EOF

# A header, CRLF line ends, empty lines and a last line without LF are fine.
printf 'card_id,review_time_ms,rating\r\nc1,1600000000000,3\r\n\nc1,1600000600000,3' \
    | "$RECALL" sched replay >crlf.out
[ "$(wc -l <crlf.out)" -eq 3 ] || fail "CRLF input: want 2 rows"
# An empty input gives the header alone.
"$RECALL" sched replay </dev/null >empty.out
[ "$(wc -l <empty.out)" -eq 1 ] || fail "empty input: want the header only"

# ---- config -----------------------------------------------------------------
w21='0.212,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,0.001,1.8722,0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729,0.5425,0.0912,0.0658'
while IFS='|' read -r json msg; do
    printf '%s\n' "$json" >bad.json
    echo 'c1,1600000000000,3' >one.csv
    expect_exit 1 "$RECALL" sched replay --config bad.json <one.csv \
        >/dev/null 2>bad.err
    printf 'recall: bad.json: %s\n' "$msg" >expect
    compare expect bad.err
done <<EOF
{"w": [$w21]}|w: expected 17, 19 or 21 weights, got 20
{"w": [$w21,0.1542,1]}|w: expected 17, 19 or 21 weights, got 22
{"w": [$w21,NaN]}|1:147: invalid token near 'NaN'
{"w": [$w21,1e999]}|1:149: real number overflow near '1e999'
{"w": [$w21,"x"]}|w[20]: not a number
{"w": [$w21,0.9]}|w[20]: 0.9 is out of range [0.1, 0.8]
{"w": [0.212,1.2931,2.3065,8.2956,6.4133,0.8334,3.0194,0.9,1.8722,0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729]}|w[7]: 0.9 is out of range [0.001, 0.75]
{"request_retention": 1.5}|request_retention: 1.5 is out of range (0, 1]
{"request_retention": -0.1}|request_retention: -0.1 is out of range (0, 1]
{"maximum_interval": 36.5}|maximum_interval: expected a whole number in [0, 1000000]
{"enable_short_term": 1}|enable_short_term: expected true or false
{"learning_steps": ["30s"]}|learning_steps[0]: step '30s': unit must be m, h or d
{"relearning_steps": ["10m", "x"]}|relearning_steps[1]: step 'x': not a number
{"learning_steps": "1m"}|learning_steps: expected an array of strings
{"rollover_hour": 24}|rollover_hour: expected a whole number in [0, 23]
{"timezone": "Europe/Paris"}|timezone: expected "UTC" or an offset like "+02:00"
{"requst_retention": 0.9}|unknown field 'requst_retention'
[1, 2]|expected a JSON object
{"w": [1,2|2:0: ']' expected near end of file
EOF
expect_exit 1 "$RECALL" sched replay --config missing.json </dev/null 2>err
printf 'recall: missing.json: No such file or directory\n' >expect
compare expect err

# rollover_hour and timezone move the study day: 23:00 and 01:00 UTC are
# one day apart at UTC, the same day from a 02:00 rollover at UTC+00:00.
printf 'c1,1600124400000,3\nc1,1600131600000,3\n' >roll.csv
"$RECALL" sched replay <roll.csv | cut -d, -f7 | tail -1 >got
echo 1 >expect && compare expect got
echo '{"rollover_hour": 4, "timezone": "+02:00"}' >roll.json
"$RECALL" sched replay --config roll.json <roll.csv | cut -d, -f7 | tail -1 >got
echo 0 >expect && compare expect got

# ---- sm2 --------------------------------------------------------------------
# Anki's defaults: steps 1m 10m, graduating interval 1 day, easy interval
# 4 days, starting ease 2.5.  c1: Good -> step 1 (10m); Good -> graduates,
# 1 day; Good a day later -> round(1 * 2.5) = 3 days.  c2: Easy -> 4 days.
# c3: Again -> 1m; Hard on step 0 -> halfway to 10m, 5.5 min = 330000 ms.
cat >sm2.csv <<EOF
c1,1600000000000,3
c1,1600000600000,3
c1,1600086999999,3
c2,1600000000000,4
c3,1600000000000,1
c3,1600000060000,2
EOF
cat >expect <<EOF
card_id,review_time_ms,rating,state,step,ease,interval_days,elapsed_days,due_ms,reps,lapses
c1,1600000000000,3,1,1,2.5,0,0,1600000600000,1,0
c1,1600000600000,3,2,0,2.5,1,0,1600087000000,2,0
c1,1600086999999,3,2,0,2.5,3,1,1600346199999,3,0
c2,1600000000000,4,2,0,2.5,4,0,1600345600000,1,0
c3,1600000000000,1,1,0,2.5,0,0,1600000060000,1,0
c3,1600000060000,2,1,0,2.5,0,0,1600000390000,2,0
EOF
"$RECALL" sched replay --algo sm2 <sm2.csv >got
compare expect got
echo '{"maximum_interval": 50000}' >sm2.json
expect_exit 1 "$RECALL" sched replay --algo sm2 --config sm2.json \
    <sm2.csv >/dev/null 2>err
echo "recall: sm2.json: sm2: maximum_interval_days: 50000 is out of range" \
    "[1, 36500]" >expect
compare expect err
# A big input goes through the threaded path in the same order.
# Each copy of the default set, replayed alone (one lane), gives the rows
# the threaded replay gave it.
"$RECALL" sched replay --algo sm2 <lanes.csv >sm2-lanes.out
[ "$(wc -l <sm2-lanes.out)" -eq 52951 ] || fail "sm2: rows lost"
for k in 0 24 25 49; do
    awk -F, -v k="-$k" 'substr($1, length($1) - length(k) + 1) == k' \
        lanes.csv >one.csv
    "$RECALL" sched replay --algo sm2 <one.csv | tail -n +2 >one.out
    awk -F, -v k="-$k" 'substr($1, length($1) - length(k) + 1) == k' \
        sm2-lanes.out >want.out
    [ "$(wc -l <one.out)" -eq 1059 ] || fail "sm2: copy $k: want 1059 rows"
    compare want.out one.out
done
expect_exit 1 "$RECALL" sched replay --algo sm2 <lanes-bad.csv >/dev/null \
    2>err
echo "recall: <stdin>:52951: rating '9' is not 1, 2, 3 or 4" >expect
compare expect err

# ---- usage ------------------------------------------------------------------
expect_exit 2 "$RECALL" sched replay --algo nope </dev/null 2>/dev/null
expect_exit 2 "$RECALL" sched replay --bogus </dev/null 2>/dev/null
expect_exit 2 "$RECALL" sched replay --config </dev/null 2>/dev/null
expect_exit 2 "$RECALL" sched </dev/null 2>/dev/null
expect_exit 2 "$RECALL" sched play </dev/null 2>/dev/null
"$RECALL" sched --help >help.out
grep -q 'card_id,review_time_ms,rating' help.out || fail "--help: no CSV format"
grep -q 'relearning_steps' help.out || fail "--help: no config fields"
echo "t1500: ok"
