/* catalog.h -- reading decks and cards back out of the collection.
 *
 * The listings behind `recall decks`, `recall cards`, `recall show` and
 * `recall export`.  Rows are handed to a visitor one at a time, with
 * strings borrowed until the visitor returns, so a listing of a million
 * cards needs no more memory than one row.
 *
 * Not here: writing (import.h), choosing what to study (queue.h). */
#ifndef RECALL_CATALOG_H
#define RECALL_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recall/deck.h"
#include "recall/err.h"

struct rc_collection;

/* One deck with its card counts for a profile.  Strings are borrowed
 * until the visitor returns. */
struct rc_deck_summary {
    int64_t id;
    const char *key;
    const char *title;
    const char *file_path;
    const char *scheduler; /* "fsrs" or "sm2" */
    int64_t n_cards;       /* live (not retired) cards */
    int64_t n_new;         /* never studied by the profile */
    int64_t n_learning;    /* learning or relearning */
    int64_t n_review;
    int64_t n_due; /* studied, due at 'now', not suspended */
    int64_t n_suspended;
};

typedef int rc_deck_visit_fn(const struct rc_deck_summary *d, void *arg);

/* Visit every deck in key order.  A visitor returning non-zero stops the
 * walk, and that value is returned. */
int rc_decks_each(struct rc_collection *c, int64_t profile_id, int64_t now_ms,
                  rc_deck_visit_fn *fn, void *arg, struct rc_err *err);

/* One card, its note and the profile's state of it.  The note and every
 * string are borrowed until the visitor returns. */
struct rc_card_info {
    int64_t card_id;
    const char *deck_key;
    const char *deck_file; /* the path the deck was imported from */
    size_t ord;            /* 1-based card of the note */
    bool retired;
    const struct rc_note *note;
    bool studied; /* the profile has a state for it */
    int state;    /* 0 new, 1 learning, 2 review, 3 relearning */
    int64_t due_ms;
    int reps;
    int lapses;
    bool suspended;
    double stability;
    double difficulty;
};

typedef int rc_card_visit_fn(const struct rc_card_info *card, void *arg);

enum rc_cards_flags {
    RC_CARDS_RETIRED = 1 << 0, /* include retired cards */
};

/* Visit the cards of deck 'deck_key' (NULL: every deck) in file order. */
int rc_cards_each(struct rc_collection *c, int64_t profile_id,
                  const char *deck_key, unsigned flags, rc_card_visit_fn *fn,
                  void *arg, struct rc_err *err);

/* Visit the one card named 'name' ("DECK/NOTE" or "DECK/NOTE#N").
 * Returns RC_ENOTFOUND (err filled) when there is none, RC_EINVAL for a
 * malformed name. */
int rc_card_find(struct rc_collection *c, int64_t profile_id, const char *name,
                 rc_card_visit_fn *fn, void *arg, struct rc_err *err);

/* Visit card 'card_id'.  RC_ENOTFOUND when there is none. */
int rc_card_get(struct rc_collection *c, int64_t profile_id, int64_t card_id,
                rc_card_visit_fn *fn, void *arg, struct rc_err *err);

/* Append the items of pool 'pool' of deck 'deck_key' to 'out'.
 * RC_ENOTFOUND when the deck has no such pool. */
int rc_pool_items(struct rc_collection *c, const char *deck_key,
                  const char *pool, struct rc_strlist *out, struct rc_err *err);

/* Rebuild deck 'key' from the collection (live notes, in file order) as
 * the parser would have returned it, source_text being the copy kept at
 * import (or pulled by sync).  The caller
 * frees it with rc_deck_free().  RC_ENOTFOUND when there is no such deck. */
int rc_deck_load(struct rc_collection *c, const char *key, struct rc_deck **out,
                 struct rc_err *err);

#endif /* RECALL_CATALOG_H */
