/* queue.h -- what to study now.
 *
 * A study queue holds, for one profile and a set of decks, the cards of
 * today's session: learning cards due now, review cards due today and new
 * cards, within each deck's daily limits (new-per-day, reviews-per-day)
 * counted over the current study day from the review log.  Siblings --
 * cards of one note, as the two sides of a reversed note or the
 * deletions of a cloze -- are never both shown on one study day: a note
 * answered today, or already in the queue, keeps its other cards back.
 * Learning cards return to the queue when they fall due again.
 *
 * The queue is an in-memory plan built by a handful of indexed queries;
 * the collection stays the truth, so a queue can be rebuilt at any time
 * (after an undo, an edit, or the next day).
 *
 * Not here: recording answers (answer.h), the maths (sched.h). */
#ifndef RECALL_QUEUE_H
#define RECALL_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

struct rc_collection;
struct rc_queue; /* opaque */

enum rc_queue_kind {
    RC_QUEUE_LEARNING, /* learning or relearning, due now */
    RC_QUEUE_REVIEW,   /* review, due today */
    RC_QUEUE_NEW,
};

struct rc_queue_card {
    int64_t card_id;
    int64_t note_id;
    enum rc_queue_kind kind;
    int64_t due_ms; /* 0 for a new card */
};

/* Build the queue for 'profile_id' over the decks named in 'deck_keys'
 * ('n_decks' of them; none means every deck) at 'now_ms'.  Study days
 * start at the collection's rollover hour.  RC_ENOTFOUND for an unknown
 * deck.  The caller frees the queue with rc_queue_free(). */
int rc_queue_build(struct rc_collection *c, int64_t profile_id,
                   const char *const *deck_keys, size_t n_decks, int64_t now_ms,
                   struct rc_queue **out, struct rc_err *err);

void rc_queue_free(struct rc_queue *q);

/* The next card to show at 'now_ms': learning cards that are due first,
 * then reviews, then new cards.  Returns true and fills *out, or false
 * when nothing is due now (see rc_queue_next_due_ms). */
bool rc_queue_next(struct rc_queue *q, int64_t now_ms,
                   struct rc_queue_card *out);

/* Remove card 'card_id' from the queue (answered, buried or suspended).
 * When it was answered and is still learning due before the study day
 * ends, pass its new due time in 'learning_due_ms' to have it come back;
 * otherwise pass 0. */
void rc_queue_done(struct rc_queue *q, int64_t card_id,
                   int64_t learning_due_ms);

/* Put a card back at the front (undo). */
void rc_queue_push_front(struct rc_queue *q, const struct rc_queue_card *card);

/* When the earliest learning card still waiting falls due, or 0 if none. */
int64_t rc_queue_next_due_ms(const struct rc_queue *q);

/* Cards left, by kind. */
void rc_queue_counts(const struct rc_queue *q, size_t *n_new,
                     size_t *n_learning, size_t *n_review);

/* When today's study day ends (the next rollover), in ms. */
int64_t rc_queue_day_end_ms(const struct rc_queue *q);

#endif /* RECALL_QUEUE_H */
