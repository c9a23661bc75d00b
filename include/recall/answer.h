/* answer.h -- recording answers, and the review log they form.
 *
 * An answer is one row appended to the review log and the card's cached
 * state for the profile, written in one transaction: killing the program
 * loses nothing answered, and never leaves a review without its state or
 * a state without its review.  The state is only a cache: replaying the
 * card's log (rc_card_replay) must give it back exactly.
 *
 * Not here: the maths (sched.h), choosing the next card (queue.h), the
 * answer text a learner typed (answer checking is in check.h). */
#ifndef RECALL_ANSWER_H
#define RECALL_ANSWER_H

#include <stdbool.h>
#include <stdint.h>

#include "recall/err.h"
#include "recall/rng.h"
#include "recall/sched.h"

struct rc_collection;

/* What the collection knows to schedule one card. */
struct rc_card_sched {
    struct rc_sched sched;              /* its deck's scheduler */
    uint64_t seed;                      /* rc_sched_card_seed(name) */
    char name[2 * RC_DECK_MAX_ID + 24]; /* "deck/note" or "deck/note#n" */
};

/* Load the scheduler of card 'card_id' (with the collection's rollover
 * hour and fuzz setting).  RC_ENOTFOUND when there is no such card. */
int rc_card_sched_load(struct rc_collection *c, int64_t card_id,
                       struct rc_card_sched *out, struct rc_err *err);

/* The profile's state of a card; a new state when never studied.
 * *suspended and *leech may be NULL. */
int rc_card_state_load(struct rc_collection *c, int64_t profile_id,
                       int64_t card_id, struct rc_sched_state *out,
                       bool *suspended, bool *leech, struct rc_err *err);

enum rc_review_kind {
    RC_REVIEW_STUDY,
    RC_REVIEW_QUIZ,
    RC_REVIEW_MANUAL,
};

struct rc_answer {
    int64_t profile_id;
    int64_t card_id;
    int64_t time_ms;
    int rating; /* 1 Again, 2 Hard, 3 Good, 4 Easy */
    int64_t duration_ms;
    enum rc_review_kind kind;
};

/* Record answer 'a': append a review (its id drawn from 'rng') and store
 * the state it gives, in one BEGIN IMMEDIATE transaction.  A card that
 * reaches its deck's leech threshold on this answer is marked a leech and
 * suspended.  Sets *out (may be NULL) to the new state and review_id
 * (may be NULL) to the review's id.  Nothing is written on failure. */
int rc_answer_record(struct rc_collection *c, const struct rc_answer *a,
                     struct rc_rng *rng, struct rc_sched_state *out,
                     char review_id[33], struct rc_err *err);

/* One row of the review log, borrowed until the visitor returns. */
struct rc_review {
    const char *id;
    int64_t time_ms;
    int rating;
    int64_t duration_ms;
    const char *kind; /* "study", "quiz" or "manual" */
};

typedef int rc_review_visit_fn(const struct rc_review *r,
                               const struct rc_sched_state *after, void *arg);

/* Replay card 'card_id''s log for the profile in time order, calling
 * 'fn' (may be NULL) with each review and the state it produced, and set
 * *out to the final state: what card_state must hold. */
int rc_card_replay(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                   rc_review_visit_fn *fn, void *arg,
                   struct rc_sched_state *out, struct rc_err *err);

/* Everything stored about a card for a profile, to put back on undo. */
struct rc_card_snapshot {
    bool existed; /* a card_state row was there */
    struct rc_sched_state state;
    bool suspended;
    bool leech;
    int64_t buried_until_ms;
};

int rc_card_snapshot_take(struct rc_collection *c, int64_t profile_id,
                          int64_t card_id, struct rc_card_snapshot *out,
                          struct rc_err *err);

/* Undo answer 'review_id' of card 'card_id': delete that review and put
 * the card's stored state back exactly as 'before' was, in one
 * transaction.  RC_ECONFLICT (nothing changed) when the review has been
 * synced meanwhile: the log is append-only once other machines have it. */
int rc_answer_undo(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                   const char *review_id, const struct rc_card_snapshot *before,
                   struct rc_err *err);

/* Suspend (or unsuspend) a card for a profile: no longer studied. */
int rc_card_set_suspended(struct rc_collection *c, int64_t profile_id,
                          int64_t card_id, bool suspended, struct rc_err *err);

/* Bury a card for a profile until 'until_ms' (the next study day). */
int rc_card_bury(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                 int64_t until_ms, struct rc_err *err);

/* When the profile's next studied card falls due after 'now_ms', or 0. */
int rc_next_due_ms(struct rc_collection *c, int64_t profile_id, int64_t now_ms,
                   int64_t *out, struct rc_err *err);

#endif /* RECALL_ANSWER_H */
