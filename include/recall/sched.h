/* sched.h -- the scheduler a deck uses, behind one interface.
 *
 * A deck chooses FSRS-6 (fsrs.h, the default) or Anki's SM-2 (sm2.h);
 * everything above this layer -- recording an answer, replaying a log,
 * previewing the four grades -- speaks struct rc_sched_state and never
 * asks which.  This layer also owns what both algorithms share: study
 * days that start at the rollover hour in the local zone, fuzz seeded
 * from the card and its review count (so a replay reproduces it), and
 * the leech threshold.
 *
 * Pure: no I/O, no clock; "now" is always an argument. */
#ifndef RECALL_SCHED_H
#define RECALL_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/deck.h"
#include "recall/err.h"
#include "recall/fsrs.h"
#include "recall/sm2.h"

/* One deck's scheduler, ready to use; a plain value (copy it freely). */
struct rc_sched {
    enum rc_scheduler algo;
    struct rc_fsrs fsrs;      /* when algo is RC_SCHED_FSRS */
    struct rc_sm2_params sm2; /* when algo is RC_SCHED_SM2 */
    int rollover_hour;        /* study days start at this local hour */
    int leech_threshold;      /* lapses that make a leech; 0 = never */
};

/* A card's scheduling state for one profile: what card_state caches. */
struct rc_sched_state {
    int state;         /* 0 new, 1 learning, 2 review, 3 relearning */
    int step;          /* index into the current (re)learning steps */
    double stability;  /* FSRS: days; SM-2: 0 */
    double difficulty; /* FSRS: 1..10; SM-2: 0 */
    double ease;       /* SM-2: the ease factor; FSRS: 0 */
    int64_t due_ms;
    int64_t last_review_ms;
    int elapsed_days;   /* study days since the review before the last */
    int scheduled_days; /* the interval the last review gave */
    int reps;
    int lapses;
    int interval_days; /* SM-2: the review interval, kept while
                          relearning; FSRS: scheduled_days */
};

/* Set up the scheduler for a deck with options 'o' (borrowed), study
 * days starting at 'rollover_hour' (0-23) local time, and fuzz on or off.
 * RC_EINVAL with a message when an option is out of range. */
int rc_sched_init(struct rc_sched *s, const struct rc_deck_options *o,
                  int rollover_hour, bool fuzz, struct rc_err *err);

/* The state of a card never studied. */
void rc_sched_state_new(struct rc_sched_state *st);

/* The seed of a card's fuzz: a hash of its stable name ("deck/note#n"),
 * the same on every machine. */
uint64_t rc_sched_card_seed(const char *card_name);

/* The state after answering 'rating' (1 Again .. 4 Easy) at 'now_ms'.
 * RC_EINVAL for a rating outside 1-4 or a time before the last review. */
int rc_sched_answer(const struct rc_sched *s, uint64_t card_seed,
                    const struct rc_sched_state *in, int64_t now_ms, int rating,
                    struct rc_sched_state *out, struct rc_err *err);

/* The four states answering Again, Hard, Good, Easy would give. */
int rc_sched_preview(const struct rc_sched *s, uint64_t card_seed,
                     const struct rc_sched_state *in, int64_t now_ms,
                     struct rc_sched_state out[4], struct rc_err *err);

/* FSRS's retrievability of the card at 'now_ms' (0 for a new card);
 * SM-2 has no memory model and gives -1. */
double rc_sched_retrievability(const struct rc_sched *s,
                               const struct rc_sched_state *st, int64_t now_ms);

/* Has the card lapsed often enough to be a leech? */
bool rc_sched_is_leech(const struct rc_sched *s,
                       const struct rc_sched_state *st);

/* One answer of a card's review log, for replay. */
struct rc_sched_event {
    int64_t time_ms;
    int rating;
};

/* Replay 'n' answers in time order from a new card: the state the log
 * gives, which is what card_state must hold.  On error, 'err' names the
 * event (1-based) that failed. */
int rc_sched_replay(const struct rc_sched *s, uint64_t card_seed,
                    const struct rc_sched_event *events, size_t n,
                    struct rc_sched_state *out, struct rc_err *err);

/* A short human interval until 'due_ms' from 'now_ms': "<1m", "10m",
 * "3h", "4d", "2.5mo", "1.2y"; into buf (>= 16 bytes). */
void rc_sched_format_interval(int64_t now_ms, int64_t due_ms, char *buf,
                              size_t size);

#endif /* RECALL_SCHED_H */
