/* fsrs.h -- the FSRS-6 scheduler, bit for bit as ts-fsrs 5.4.2.
 *
 * Given a card's memory state and a rating, this module says what the
 * card becomes: its new stability and difficulty, its state (New,
 * Learning, Review, Relearning), and when it is due.  Every number
 * matches the reference implementation ts-fsrs 5.4.2 exactly, including
 * its rounding to 8 decimals, so a review log replayed here gives the
 * schedule ts-fsrs would give (shared/fsrs/README.md has the rules).
 *
 * Everything here is pure: no I/O, no allocation, no clock (the caller
 * passes now_ms) and no hidden randomness (fuzz takes a caller seed).
 * All structs are plain values the caller owns, usually on the stack.
 *
 * Units: times are int64_t milliseconds since the Unix epoch, UTC;
 * intervals are whole days; steps are minutes; stability is in days.
 *
 * Not here: storing cards (revlog, collection), choosing what to study
 * (queue), SM-2 (sm2.h), reading a replay CSV (csv_replay.h). */
#ifndef RECALL_FSRS_H
#define RECALL_FSRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

#define RC_FSRS_N_WEIGHTS 21 /* FSRS-6; w[20] is the decay */
#define RC_FSRS_MAX_STEPS 16 /* per list of (re)learning steps */
#define RC_FSRS_DAY_MS    86400000LL

/* Card states, numbered as ts-fsrs's State. */
enum rc_fsrs_state {
    RC_FSRS_NEW = 0,
    RC_FSRS_LEARNING = 1,
    RC_FSRS_REVIEW = 2,
    RC_FSRS_RELEARNING = 3,
};

/* Ratings, numbered as ts-fsrs's Rating. */
enum rc_fsrs_rating {
    RC_FSRS_AGAIN = 1,
    RC_FSRS_HARD = 2,
    RC_FSRS_GOOD = 3,
    RC_FSRS_EASY = 4,
};

/* What a user configures; field names follow ts-fsrs's FSRSParameters. */
struct rc_fsrs_params {
    double w[RC_FSRS_N_WEIGHTS]; /* FSRS-6 weights (see migrate below) */
    double request_retention;    /* (0, 1]; 0 means the default 0.9 */
    int maximum_interval;        /* days, >= 1; 0 means 36500 */
    bool enable_short_term;      /* steps and same-day reviews */
    int learning_steps_min[RC_FSRS_MAX_STEPS]; /* minutes, >= 0 */
    size_t n_learning_steps;
    int relearning_steps_min[RC_FSRS_MAX_STEPS];
    size_t n_relearning_steps;
    bool enable_fuzz; /* spread intervals >= 3 days by a seeded factor */
    /* Study days start this long after UTC midnight: for days starting
     * at 04:00 at UTC+2, 4 h - 2 h = 7200000.  0 is ts-fsrs's UTC day.
     * Must be within +-1 day (reduce it modulo a day). */
    int64_t day_start_offset_ms;
};

/* A card's scheduling state.  A new card is all zero except due_ms
 * (rc_fsrs_card_init). */
struct rc_fsrs_card {
    int state;         /* enum rc_fsrs_state */
    int step;          /* index into the current (re)learning steps */
    double stability;  /* days; 0 for a new card */
    double difficulty; /* 1..10; 0 for a new card */
    int64_t due_ms;
    int64_t last_review_ms; /* meaningful unless state is New */
    int elapsed_days;       /* study days since the previous review */
    int scheduled_days;     /* the interval the last review gave */
    int reps;
    int lapses;
};

/* A prepared scheduler: the parameters as ts-fsrs uses them (weights
 * clamped) and the constants derived from them.  A plain value; build it
 * with rc_fsrs_init() and pass it by const pointer.  Fields after 'p' are
 * private. */
struct rc_fsrs {
    struct rc_fsrs_params p; /* effective: defaults filled, w clamped */
    double decay;            /* -w[20] */
    double factor;           /* 0.9^(1/decay) - 1, rounded to 8 places */
    double interval_modifier;
    double d0_easy;    /* D0(Easy), unclamped, for mean reversion */
    double init_d[5];  /* clamp(D0(g), 1, 10) by rating g */
    double exp_w8;     /* exp(w[8]) */
    double st_exp[5];  /* exp(w17 * (g - 3 + w18)) by rating g */
    double forget_div; /* exp(w17 * w18), 1 with short-term off */
};

/* ---- Parameters ------------------------------------------------------ */

/* Fill 'out' with ts-fsrs 5.4.2's defaults: default_w, retention 0.9,
 * 36500 days, short-term on, steps 1m 10m / 10m, fuzz off. */
void rc_fsrs_params_default(struct rc_fsrs_params *out);

/* Check what a user gave: p->w[0..n_weights_given-1] as given (before
 * rc_fsrs_params_migrate), and the other fields.  Weights must be 17, 19
 * or 21 finite numbers, each inside ts-fsrs's range for its index; the
 * retention must be in (0, 1] (or 0 for the default), the maximum
 * interval >= 0, the step lists at most RC_FSRS_MAX_STEPS minutes each,
 * in [0, RC_FSRS_MAX_STEP_MIN].  Returns RC_OK, or RC_EINVAL with a
 * message naming the field ("w[7]: 0.9 is out of range [0.001, 0.75]").
 * The w17/w18 cap for several relearning steps is not an error: ts-fsrs
 * applies it silently, and so does rc_fsrs_init(). */
int rc_fsrs_params_check(const struct rc_fsrs_params *p, size_t n_weights_given,
                         struct rc_err *err);

#define RC_FSRS_MAX_STEP_MIN (36500 * 1440) /* 100 years */

/* Turn 'n' weights (17 for FSRS-4.5, 19 for FSRS-5, 21 for FSRS-6) into
 * 21, as ts-fsrs's migrateParameters: the given ones are first clamped to
 * their ranges; 17 gets w4..w6 converted and w17..w19 = 0; both get
 * decay 0.5.  'w' and 'out' may be the same array.  Returns RC_OK, or
 * RC_EINVAL (out untouched) when n is not 17, 19 or 21. */
int rc_fsrs_params_migrate(const double *w, size_t n,
                           double out[RC_FSRS_N_WEIGHTS]);

/* Parse one step as ts-fsrs does: an integer (parseInt, so "1.5m" is 1
 * minute) then a unit m, h or d.  On success set *minutes and return
 * RC_OK; else RC_EINVAL, with "step '30s': unit must be m, h or d". */
int rc_fsrs_parse_step(const char *text, int *minutes, struct rc_err *err);

/* Prepare 'f' from 'p' (borrowed for the call): fill the 0 defaults,
 * clamp every weight to its range as ts-fsrs's clipParameters (with more
 * than one relearning step, w17 and w18 are capped further), and
 * precompute the constants.  Returns RC_OK, or RC_EINVAL when 'p' fails
 * the non-weight checks of rc_fsrs_params_check(). */
int rc_fsrs_init(struct rc_fsrs *f, const struct rc_fsrs_params *p,
                 struct rc_err *err);

/* ---- Scheduling -------------------------------------------------------- */

/* A new card, due at 'now_ms' (ts-fsrs createEmptyCard). */
void rc_fsrs_card_init(struct rc_fsrs_card *card, int64_t now_ms);

/* The probability of recalling 'card' at 'now_ms', as ts-fsrs's
 * get_retrievability: 0 for a new card, else R(t, S) with t the whole
 * 24-hour periods since the last review (0 if now is before it). */
double rc_fsrs_retrievability(const struct rc_fsrs *f,
                              const struct rc_fsrs_card *card, int64_t now_ms);

/* Review 'card' at 'now_ms' with 'rating' (1..4) and store the result in
 * *out ('out' may be 'card').  'fuzz_seed' feeds the fuzz when it is on
 * (pass a hash of card id and reps, so a replay gives the same dates);
 * ignored when off.  Returns RC_OK, or RC_EINVAL (out untouched) for a
 * rating outside 1..4, a time before the card's last review, or a card
 * whose state is not valid. */
int rc_fsrs_next(const struct rc_fsrs *f, const struct rc_fsrs_card *card,
                 int64_t now_ms, int rating, uint64_t fuzz_seed,
                 struct rc_fsrs_card *out, struct rc_err *err);

/* rc_fsrs_next() that also stores in *r_before (when not NULL) what
 * rc_fsrs_retrievability(f, card, now_ms) returns, sharing the work when
 * it can: what a review log wants to record.  On error *r_before is
 * untouched. */
int rc_fsrs_review(const struct rc_fsrs *f, const struct rc_fsrs_card *card,
                   int64_t now_ms, int rating, uint64_t fuzz_seed,
                   struct rc_fsrs_card *out, double *r_before,
                   struct rc_err *err);

/* All four outcomes at once: out[g - 1] is rc_fsrs_next() with rating g,
 * so out[i].scheduled_days is the interval each button would give.
 * Same errors as rc_fsrs_next(). */
int rc_fsrs_preview(const struct rc_fsrs *f, const struct rc_fsrs_card *card,
                    int64_t now_ms, uint64_t fuzz_seed,
                    struct rc_fsrs_card out[4], struct rc_err *err);

/* ---- Pieces, exposed for tests and other schedulers ------------------- */

/* JavaScript's Math.round(x * 1e8) / 1e8: halves go toward +infinity,
 * also for negative x. */
double rc_fsrs_round8(double x);

/* ts-fsrs get_fuzz_range: the days a fuzzed 'interval_days' may become. */
void rc_fsrs_fuzz_range(int interval_days, int elapsed_days,
                        int maximum_interval, int *min_days, int *max_days);

#endif /* RECALL_FSRS_H */
