/* sm2.h -- Anki's SM-2 scheduler (the "v2/v3" one), as pure functions.
 *
 * Given a card's scheduling state and a rating, this module says what the
 * card becomes: its state (New, Learning, Review, Relearning), its step,
 * ease and interval, and when it is due.  It follows Anki's Rust
 * scheduler (ankitects/anki:rslib/src/scheduler/states/), including its
 * f32 arithmetic and its rounding of the ease to a permille factor, so
 * with fuzz off an interval here is the interval Anki would give.
 *
 * Everything here is pure: no I/O, no allocation, no clock (the caller
 * passes now_ms and the study days elapsed) and no hidden randomness
 * (fuzz takes a caller seed).  All structs are plain values the caller
 * owns, usually on the stack.
 *
 * Units: times are int64_t milliseconds since the Unix epoch, UTC;
 * intervals are whole days; steps are minutes; the ease is a factor
 * (2.5 is Anki's "250 %").
 *
 * Not here: storing cards (revlog, collection), choosing what to study or
 * turning a due time into a study day (queue, sched), Anki's load
 * balancer and leech handling, FSRS (fsrs.h). */
#ifndef RECALL_SM2_H
#define RECALL_SM2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

#define RC_SM2_MAX_STEPS    16             /* per list of (re)learning steps */
#define RC_SM2_MAX_STEP_MIN (36500 * 1440) /* 100 years, in minutes */
#define RC_SM2_MAX_INTERVAL 36500          /* Anki's ceiling, in days */
#define RC_SM2_MAX_EASE     65.535 /* Anki keeps the ease in a u16 permille */
#define RC_SM2_DAY_MS       86400000LL

/* Card states, numbered as FSRS's (and Anki's card types). */
enum rc_sm2_state {
    RC_SM2_NEW = 0,
    RC_SM2_LEARNING = 1,
    RC_SM2_REVIEW = 2,
    RC_SM2_RELEARNING = 3,
};

/* Ratings, Anki's answer buttons. */
enum rc_sm2_rating {
    RC_SM2_AGAIN = 1,
    RC_SM2_HARD = 2,
    RC_SM2_GOOD = 3,
    RC_SM2_EASY = 4,
};

/* A deck's SM-2 options.  Names and defaults follow Anki's deck options;
 * rc_sm2_params_check() states the accepted range of each (Anki's deck
 * options screen's ranges where it has one). */
struct rc_sm2_params {
    int learning_steps_min[RC_SM2_MAX_STEPS]; /* 1 10 */
    size_t n_learning_steps;
    int relearning_steps_min[RC_SM2_MAX_STEPS]; /* 10 */
    size_t n_relearning_steps;
    int graduating_interval_days; /* 1: Good on the last learning step */
    int easy_interval_days;       /* 4: Easy on a new or learning card */
    double starting_ease;         /* 2.50, given at graduation */
    double easy_bonus;            /* 1.30, Easy's extra factor */
    double hard_multiplier;       /* 1.20, Anki's "hard interval" */
    double interval_modifier;     /* 1.00, scales Hard, Good and Easy */
    double lapse_multiplier;      /* 0.00, Anki's "new interval" */
    int minimum_interval_days;    /* 1, the least interval after a lapse */
    int maximum_interval_days;    /* 36500, caps every interval */
    double lapse_ease_delta;      /* -0.20, Again on a review card */
    double hard_ease_delta;       /* -0.15 */
    double easy_ease_delta;       /* +0.15 */
    double minimum_ease;          /* 1.30, the floor Again and Hard keep */
    bool fuzz; /* spread review intervals by a seeded amount (Anki: on) */
};

/* A card's scheduling state.  A new card comes from rc_sm2_card_init(). */
struct rc_sm2_card {
    int state; /* enum rc_sm2_state */
    int step;  /* index into the learning or relearning steps */
    /* Ease factor, a multiple of 0.001 as Anki stores it (other values
     * are rounded to one when read).  Meaningful from graduation on. */
    double ease;
    /* The review interval in days.  0 while New or Learning; while
     * Relearning, the interval the card returns to review with. */
    int interval_days;
    int64_t due_ms;
    int reps;               /* answers given, any rating */
    int lapses;             /* Again on a review card */
    int64_t last_review_ms; /* meaningful unless state is New */
};

/* ---- Parameters ------------------------------------------------------ */

/* Fill 'out' with Anki's defaults, listed beside each field above, with
 * fuzz on. */
void rc_sm2_params_default(struct rc_sm2_params *out);

/* Check 'p'.  Every number must be finite and in range: steps at most
 * RC_SM2_MAX_STEPS per list, each in [0, RC_SM2_MAX_STEP_MIN]; graduating
 * and easy intervals and the maximum interval in [1, 36500]; minimum
 * interval in [1, maximum]; starting ease in [1.31, 5]; easy bonus in
 * [1, 5]; hard multiplier in [0.5, 1.3]; interval modifier in [0.5, 2];
 * lapse multiplier in [0, 1]; lapse and hard ease deltas in [-1, 0]; easy
 * ease delta in [0, 1]; minimum ease in [1.3, starting ease].  Returns
 * RC_OK, or RC_EINVAL naming the first bad field
 * ("hard_multiplier: 1.5 is out of range [0.5, 1.3]").
 *
 * Within these ranges, and with learning and relearning steps that grow
 * and stay under a day and an easy interval at least the graduating one,
 * the four ratings' due times never decrease from Again to Easy. */
int rc_sm2_params_check(const struct rc_sm2_params *p, struct rc_err *err);

/* ---- Scheduling ------------------------------------------------------ */

/* A new card due at 'now_ms', with p->starting_ease as its ease. */
void rc_sm2_card_init(struct rc_sm2_card *card, const struct rc_sm2_params *p,
                      int64_t now_ms);

/* Answer 'card' at 'now_ms' with 'rating' (1..4) and store the result in
 * *out ('out' may be 'card').
 *
 * 'days_elapsed' is the study days since the card's last review, counted
 * by the caller; only Review cards use it.  Fewer days than the card's
 * interval make an early review, scheduled by Anki's early-review rules
 * (no fuzz, no "one more day than before" minimum); more make it late,
 * and half the days late (all of them for Easy) count toward the interval.
 *
 * 'fuzz_seed' picks the fuzz when p->fuzz is on (pass a hash of the card
 * id and reps, so that a replay gives the same dates); it is ignored when
 * off.  Review times are now_ms plus whole days; learning times are
 * now_ms plus the step.
 *
 * Returns RC_OK, or RC_EINVAL with *out untouched for: a rating outside
 * 1..4, params that fail rc_sm2_params_check(), an invalid card (unknown
 * state, negative step, interval, reps or lapses, a Review or Relearning
 * ease below p->minimum_ease or above RC_SM2_MAX_EASE, NaN), a time before
 * the card's last review or beyond +-8.64e15 ms, or negative days_elapsed.
 * A step index past the end of a shortened list counts as the last step,
 * as in Anki. */
int rc_sm2_next(const struct rc_sm2_params *p, const struct rc_sm2_card *card,
                int64_t now_ms, int rating, int days_elapsed,
                uint64_t fuzz_seed, struct rc_sm2_card *out,
                struct rc_err *err);

/* All four outcomes at once: out[g - 1] is rc_sm2_next() with rating g
 * and the same seed, so out[i].due_ms - now_ms is what button i + 1 would
 * give ("1 Again <10m  2 Hard 2d  3 Good 3d  4 Easy 4d").  Same errors as
 * rc_sm2_next(); on error 'out' is untouched. */
int rc_sm2_preview(const struct rc_sm2_params *p,
                   const struct rc_sm2_card *card, int64_t now_ms,
                   int days_elapsed, uint64_t fuzz_seed,
                   struct rc_sm2_card out[4], struct rc_err *err);

/* ---- Pieces, exposed for tests and other schedulers ------------------- */

/* Anki's constrained_fuzz_bounds: the days a fuzzed 'interval_days' may
 * become, within [minimum, maximum].  Intervals under 2.5 days have no
 * fuzz; longer ones get 1 day plus 15 % of the part in [2.5, 7), 10 % of
 * [7, 20) and 5 % of the rest, each way. */
void rc_sm2_fuzz_bounds(double interval_days, int minimum, int maximum,
                        int *lo_days, int *hi_days);

#endif /* RECALL_SM2_H */
