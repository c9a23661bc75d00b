/* quiz.h -- a scored test over a deck, and the runs kept per profile.
 *
 * A quiz is not study: it asks a sample of a deck's cards, scores the
 * answers and leaves the schedule alone.  This module makes the
 * questions (which cards, in which order, asked how, and for a choice
 * question which options) from the deck's cards and a seed alone, so a
 * quiz can be repeated exactly and tested without a database; and it
 * stores and lists finished runs (quiz_runs, quiz_answers).
 *
 * Not here: asking and checking (the front end, with check.h), recording
 * answers as reviews (answer.h, kind RC_REVIEW_QUIZ), SQL text (sql.c). */
#ifndef RECALL_QUIZ_H
#define RECALL_QUIZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/check.h"
#include "recall/deck.h"
#include "recall/err.h"

struct rc_collection;

#define RC_QUIZ_DISTRACTORS 3     /* wrong options of a made-up choice */
#define RC_QUIZ_MAX_COUNT   10000 /* questions in one run */

/* How the quiz asks its cards (--kind). */
enum rc_quiz_mode {
    RC_QUIZ_MIXED,  /* each card its own way, but basic as a choice */
    RC_QUIZ_CHOICE, /* every card a choice (order cards stay order) */
    RC_QUIZ_TYPED,  /* every card typed (order cards stay order) */
};

/* "mixed", "choice", "typed"; NULL for a value out of range. */
const char *rc_quiz_mode_name(enum rc_quiz_mode mode);
/* Parse a mode name; RC_OK and *out, or RC_EINVAL with
 * "unknown quiz kind 'NAME': expected choice, typed or mixed". */
int rc_quiz_mode_parse(const char *name, enum rc_quiz_mode *out,
                       struct rc_err *err);

/* ---- Making the questions (pure) ------------------------------------ */

/* One card of the deck, as the quiz sees it.  Every pointer is borrowed
 * for the call to rc_quiz_build() only. */
struct rc_quiz_card {
    int64_t card_id;
    int64_t note_id; /* the same for the cards of one note only (0:
                        unknown): siblings are never distractors */
    enum rc_kind kind;
    const char *question; /* rendered, as card.h gives it */
    const char *answer;   /* rendered; for a cloze, the deletion */
    const char *tags;     /* lowercase words, one space apart; "" or NULL */
    const struct rc_strlist *accept;  /* typed: other right answers, or NULL */
    const struct rc_strlist *options; /* choice: its own options (pool items
                                         included), the answer among them;
                                         NULL or empty otherwise */
};

enum rc_quiz_ask {
    RC_QUIZ_ASK_TYPED,  /* type the answer (basic and reversed too) */
    RC_QUIZ_ASK_CHOICE, /* pick one of 'options' */
    RC_QUIZ_ASK_ORDER,  /* put the card's items in order */
};

/* One question of a quiz. */
struct rc_quiz_question {
    size_t card; /* index into the cards given to the build */
    enum rc_quiz_ask ask;
    struct rc_strlist options; /* choice: the options in the order shown;
                                  empty for typed and order */
    size_t answer_option;      /* choice: options.v[answer_option] is the
                                  card's answer (0-based) */
    size_t n_distractors;      /* made-up choice: wrong options drawn from
                                  other cards; 0 for a card's own options */
    size_t n_shared_tag;       /* of those, how many share a tag with it */
};

/* A zeroed struct is an empty quiz. */
struct rc_quiz {
    struct rc_quiz_question *v;
    size_t n;
};

/* Make a quiz of min(count, n_cards) questions from 'cards' (borrowed)
 * with 'seed': the cards are shuffled from the seed and the first ones
 * taken, so the same cards, seed and count give the same quiz.
 *
 * Each is asked as 'mode' says (order cards always as order; a choice
 * card keeps its own options, shuffled; typed mode asks a choice card's
 * answer typed).  A card that becomes a choice without options of its
 * own gets its answer and up to RC_QUIZ_DISTRACTORS distractors from
 * rc_quiz_distractors(); when there is none it is asked typed instead.
 *
 * Sets *out (previous contents are not freed); the caller frees it with
 * rc_quiz_release().  Returns RC_OK, or RC_EINVAL when count is 0 or
 * over RC_QUIZ_MAX_COUNT, leaving *out empty. */
int rc_quiz_build(const struct rc_quiz_card *cards, size_t n_cards,
                  size_t count, enum rc_quiz_mode mode, uint64_t seed,
                  struct rc_quiz *out, struct rc_err *err);

/* Free the questions; 'q' may be zeroed or released already. */
void rc_quiz_release(struct rc_quiz *q);

/* Choose up to 'max' distractors for card 'card' of 'cards' (borrowed):
 * answers of other cards that may pass for its answer.  Writes the
 * chosen cards' indexes, most plausible first, to out[] (room for 'max')
 * and returns how many.  Deterministic for a given seed.
 *
 * A candidate is another card of the deck, not an order card (its answer
 * is a whole list) and not of the same note (a reversed card's other side
 * is its question; a cloze's other deletions show in it), whose
 * answer normalised (rc_check_normalize, accents ignored: the strictest
 * sense of "the same") is not empty; does not equal, hold or sit inside
 * (as whole words) the card's answer or any of its accepted answers, so
 * "the revolution of 1917" is never an option beside "1917"; is not
 * printed in the card's question; and is not equal to a distractor
 * already chosen.
 * Candidates are ranked by, in order:
 *
 *  1. sharing a tag with the card: a candidate without one is taken only
 *     when fewer than 'max' share one;
 *  2. the same shape: a number (digits, with - . , / : between them, as
 *     years and dates are written), one word, two to four words, or
 *     five words and more;
 *  3. the same kind of card (cloze with cloze, typed with typed; basic
 *     and reversed count as one kind);
 *  4. a similar length in characters: within a quarter of the longer,
 *     within a half, or further;
 *  5. more tags in common;
 *  6. a draw from the seed, so equals vary from quiz to quiz. */
size_t rc_quiz_distractors(const struct rc_quiz_card *cards, size_t n_cards,
                           size_t card, size_t max, uint64_t seed, size_t *out);

/* Points for an answer: 1 when right within the time, else 0.  A near
 * miss (RC_CHECK_ALMOST) scores as wrong; the report still says almost. */
int rc_quiz_points(enum rc_check_result result, bool late);

/* ---- Keeping runs --------------------------------------------------- */

/* One answered question of a run.  Strings are borrowed. */
struct rc_quiz_answer {
    size_t position; /* 1-based */
    int64_t card_id;
    const char *question;
    const char *given; /* what the learner sent; "" for none */
    bool right;        /* right within the time */
    bool almost;       /* a near miss (scores 0) */
    int64_t time_ms;   /* from showing the question to the answer */
    int points;
};

/* One run of a quiz.  Strings are borrowed. */
struct rc_quiz_run {
    int64_t id; /* set by rc_quiz_run_save(); from the table when listed */
    int64_t profile_id;
    int64_t deck_id;
    const char *deck_key; /* when listed; ignored by rc_quiz_run_save() */
    int64_t started_ms;
    int64_t finished_ms;
    const char *kind; /* rc_quiz_mode_name() */
    int64_t count;    /* questions answered */
    int64_t score;    /* points */
    uint64_t seed;
};

/* Store 'run' and its 'n' answers (borrowed) in one BEGIN IMMEDIATE
 * transaction; set run->id.  Nothing is written on failure. */
int rc_quiz_run_save(struct rc_collection *c, struct rc_quiz_run *run,
                     const struct rc_quiz_answer *answers, size_t n,
                     struct rc_err *err);

typedef int rc_quiz_run_visit_fn(const struct rc_quiz_run *run, void *arg);

/* Visit the runs of profile 'profile_id', oldest first, of deck
 * 'deck_key' (NULL: every deck).  The run is borrowed until the visitor
 * returns; a visitor returning non-zero stops the walk, and that value
 * is returned. */
int rc_quiz_runs_each(struct rc_collection *c, int64_t profile_id,
                      const char *deck_key, rc_quiz_run_visit_fn *fn, void *arg,
                      struct rc_err *err);

#endif /* RECALL_QUIZ_H */
