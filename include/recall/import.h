/* import.h -- putting a parsed deck into the collection.
 *
 * Importing is idempotent and keeps history: a note is matched by its id
 * in its deck, so an edited note keeps its cards, their reviews and their
 * schedules; a note that left the file is retired (kept with its reviews,
 * no longer studied); an unchanged file changes nothing.  One import is
 * one transaction, so a failure imports nothing.
 *
 * Not here: parsing (deck.h), reading decks back (catalog.h). */
#ifndef RECALL_IMPORT_H
#define RECALL_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "recall/deck.h"
#include "recall/err.h"

struct rc_collection;

/* What an import did, counted in cards. */
struct rc_import_stats {
    size_t added;     /* new cards, or retired cards back in the file */
    size_t changed;   /* cards whose note's content changed */
    size_t retired;   /* cards no longer in the file */
    size_t unchanged; /* cards left as they were */
    int deck_changed; /* 1 when the header (title, options...) changed */
};

/* Import 'deck' (borrowed) at time 'now_ms', filling *stats.  'file_path'
 * (borrowed) is the absolute path the deck was read from, remembered for
 * export and editing.  Returns RC_OK, or a negative code with 'err'
 * filled and nothing written. */
int rc_import_deck(struct rc_collection *c, const struct rc_deck *deck,
                   const char *file_path, int64_t now_ms,
                   struct rc_import_stats *stats, struct rc_err *err);

/* Format steps in minutes as deck-file text ("1m 10m", "1d", "none"). */
void rc_steps_format(const int *steps_min, size_t n, struct rc_buf *out);

/* Parse deck-file steps text ("1m 10m", "1d", "none") into minutes.
 * Returns 0, or -1 when the text is malformed or has more than
 * RC_DECK_MAX_STEPS steps. */
int rc_steps_parse(const char *text, int out_min[RC_DECK_MAX_STEPS], size_t *n);

#endif /* RECALL_IMPORT_H */
