/* csv_replay.h -- replay a CSV review log through FSRS, as fast as the
 * disk allows.
 *
 * The engine of `recall sched replay`: it reads review events and writes,
 * for each, the card FSRS makes of it, in the interface of the ts-fsrs
 * replayer shared/fsrs/replay-bench.mjs, so that the two can be compared
 * row by row and timed against each other.
 *
 * Input, one event a line (an optional first line starting "card_id" is a
 * header; empty lines and a CR before the LF are ignored):
 *
 *     card_id,review_time_ms,rating
 *
 * card_id is any text without a comma; review_time_ms an integer (ms
 * since the epoch, UTC); rating 1 Again, 2 Hard, 3 Good, 4 Easy.  Events
 * are grouped per card and in time order within it; a card_id different
 * from the previous line's starts a new card, new before that event.
 *
 * Output: a header line, then one row per event, in input order:
 *
 *     card_id,review_time_ms,rating,state,stability,difficulty,
 *     elapsed_days,scheduled_days,due_ms,reps,lapses,retrievability
 *
 * (one line), the card after the review, and its retrievability just
 * before it.  Doubles are written so that strtod reads back the exact
 * value.  SM-2 replays the same input with its own columns
 * (rc_csv_replay_sm2).  Not here: the database, reading a config file. */
#ifndef RECALL_CSV_REPLAY_H
#define RECALL_CSV_REPLAY_H

#include <stdio.h>

#include "recall/err.h"
#include "recall/fsrs.h"
#include "recall/sm2.h"

/* The longest input line accepted, in bytes without the LF. */
#define RC_CSV_REPLAY_MAX_LINE 4096

/* Replay every event of 'in' through 'f' and write the rows to 'out'
 * (both borrowed, neither closed).  'in_name' (borrowed; may be NULL)
 * names the input in messages.  With fuzz on, each review is seeded from
 * a hash of its card_id and reps, so a replay is reproducible.  Large
 * inputs are replayed on up to 4 threads (one per online CPU) and written
 * by one more, all joined before the call returns; 'f' is only read, and
 * 'out' is written by one thread at a time.
 *
 * Returns RC_OK; or, stopping at the first bad line (rows before it are
 * written), RC_EPARSE with "NAME:LINE: reason" (the line 1-based; the
 * reason one of: wrong field count, empty card_id, a time that is not an
 * integer or out of range, a rating other than 1-4, a time going
 * backwards within a card), RC_ELIMIT for a line over
 * RC_CSV_REPLAY_MAX_LINE, or RC_EIO when reading or writing fails. */
int rc_csv_replay(const struct rc_fsrs *f, FILE *in, const char *in_name,
                  FILE *out, struct rc_err *err);

/* The same through SM-2 ('p' borrowed; checked first, RC_EINVAL as
 * rc_sm2_params_check()).  Study days start 'day_start_offset_ms' after
 * UTC midnight (as in struct rc_fsrs_params); each review is handed the
 * study days since the card's last one.  The rows, after their header:
 *
 *     card_id,review_time_ms,rating,state,step,ease,interval_days,
 *     elapsed_days,due_ms,reps,lapses
 *
 * (one line): the card after the review, elapsed_days the study days
 * counted.  Same errors as rc_csv_replay(). */
int rc_csv_replay_sm2(const struct rc_sm2_params *p,
                      int64_t day_start_offset_ms, FILE *in,
                      const char *in_name, FILE *out, struct rc_err *err);

#endif /* RECALL_CSV_REPLAY_H */
