/* stats.h -- the numbers behind `recall stats`.
 *
 * One call reads a profile's cards and review log, for every deck or one
 * deck, as they stand at a given moment, and fills a plain struct: cards
 * by state, the cards falling due over the next 30 study days, reviews
 * and time spent per study day over the last 26 weeks, true retention
 * over the last 7, 30 and 365 days, the current streak, the hardest
 * cards and the leeches.  Every number comes from one read transaction,
 * so they agree with each other even while another process studies.
 *
 * Study days start at the collection's rollover hour (meta table,
 * default 4) in the local zone (TZ), exactly as the scheduler counts them
 * (rc_study_day): each day's start is computed on its own, so a day that
 * crosses a DST change is still one study day.
 *
 * Numbers only: drawing charts and formatting durations is the front
 * end's job.  Not here: what is due right now (queue.h), one card's
 * history (answer.h). */
#ifndef RECALL_STATS_H
#define RECALL_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/err.h"

struct rc_collection;

#define RC_STATS_FORECAST_DAYS 30  /* today and the 29 days after it */
#define RC_STATS_HISTORY_DAYS  182 /* 26 weeks, ending today */
#define RC_STATS_PERIODS       3   /* the last 7, 30 and 365 days */
#define RC_STATS_TOP           10  /* hardest cards and leeches listed */

/* Card ids index an array of 1 byte per card; a
 * collection whose largest card id is above this gets RC_ELIMIT. */
#define RC_STATS_MAX_CARD_ID (1 << 24)

/* One card in a ranking.  'name' is owned by the struct rc_stats and
 * valid until rc_stats_release(). */
struct rc_stats_card {
    int64_t card_id;
    char *name;        /* "DECK/NOTE" or "DECK/NOTE#N", as `recall cards` */
    double difficulty; /* FSRS: 1..10; SM-2: 0 */
    int lapses;
    int reps;
    bool suspended;
};

/* Reviews over the last 'days' study days, today included.
 *
 * "True retention" counts only reviews of cards the learner had to
 * remember across a night: a review is a true review when it is not the
 * card's first review and the card's previous review was on an earlier
 * study day (recall's log does not record the state a review was given
 * in, so this stands for Anki's "review-state reviews").  true_passed
 * are the true reviews answered Hard, Good or Easy. */
struct rc_stats_period {
    int days; /* 7, 30 or 365 */
    int64_t reviews;
    int64_t time_ms; /* time spent answering, summed */
    int64_t true_reviews;
    int64_t true_passed;
};

enum rc_stats_rank {
    RC_STATS_BY_DIFFICULTY, /* FSRS cards, highest difficulty first */
    RC_STATS_BY_LAPSES,     /* SM-2 cards, most lapses first */
};

/* Zeroed is valid (and empty) for rc_stats_release(). */
struct rc_stats {
    int64_t now_ms;
    int rollover_hour; /* 0-23 */
    int64_t today;     /* study day of now_ms (days since 1970-01-01) */

    /* Live (not retired) cards in scope.  New cards are those the
     * profile has never studied; suspended and leeches overlap the
     * states. */
    int64_t n_cards;
    int64_t n_new;
    int64_t n_learning;
    int64_t n_review;
    int64_t n_relearning;
    int64_t n_suspended;
    int64_t n_leeches;

    /* Studied, unsuspended cards falling due on study day today + i;
     * forecast[0] also holds every overdue card. */
    int64_t forecast[RC_STATS_FORECAST_DAYS];

    /* Reviews and time spent on study day
     * today - (RC_STATS_HISTORY_DAYS - 1) + i; the last entry is today.
     * Reviews of retired cards count: they happened. */
    int64_t day_reviews[RC_STATS_HISTORY_DAYS];
    int64_t day_time_ms[RC_STATS_HISTORY_DAYS];

    struct rc_stats_period periods[RC_STATS_PERIODS]; /* 7, 30, 365 */

    /* Consecutive study days with at least one review, ending today, or
     * yesterday when there is none yet today; 0 if neither. */
    int64_t streak_days;

    /* The live studied cards that are hardest: FSRS cards by difficulty
     * when the scope holds any, else SM-2 cards with lapses, by lapses
     * (SM-2 keeps no difficulty).  Ties go to the lower card id. */
    enum rc_stats_rank hardest_by;
    size_t n_hardest;
    struct rc_stats_card hardest[RC_STATS_TOP];

    /* Live leeches, most lapses first: n_leeches in all, the first
     * RC_STATS_TOP of them listed here. */
    size_t n_leech_list;
    struct rc_stats_card leech_list[RC_STATS_TOP];
};

/* Fill *out (overwritten; release it with rc_stats_release() even after
 * a failure) with profile 'profile_id's statistics at 'now_ms', over
 * every deck or only deck 'deck_key' (NULL: every deck; borrowed).
 *
 * Runs its own read transaction, so the caller must hold none and have
 * no statement running on 'c'.  RC_ENOTFOUND ("no deck 'KEY'") for an
 * unknown deck, RC_EINVAL for a rollover hour outside 0-23, RC_ELIMIT
 * when a card id is above RC_STATS_MAX_CARD_ID, RC_EDB on a database
 * error.
 *
 * Cost: one pass over the cards (one deck's, or all), one over the
 * profile's card states, and one over the last 365 study days of its
 * review log (by the index on (profile_id, time_ms)); reviews older than
 * that are read only for their card ids.  Memory: 1 byte per card id and
 * a few pages of cache, whatever the log's length.  A study day longer
 * ago than the window is read only when the streak reaches it. */
int rc_stats_collect(struct rc_collection *c, int64_t profile_id,
                     const char *deck_key, int64_t now_ms, struct rc_stats *out,
                     struct rc_err *err);

/* Free the names in 's' and zero it.  Accepts a zeroed struct. */
void rc_stats_release(struct rc_stats *s);

/* true_passed / true_reviews of 'p', or -1 when it has no true review. */
double rc_stats_retention(const struct rc_stats_period *p);

#endif /* RECALL_STATS_H */
