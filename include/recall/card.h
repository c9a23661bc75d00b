/* card.h -- what one card of a note shows and expects.
 *
 * A note gives cards by its kind: a reversed note gives the question side
 * (#1) and the answer side (#2); a cloze gives one card per {{deletion}}.
 * This module turns (note, ordinal) into the text a front end shows.
 *
 * Not here: parsing (deck.h), checking a typed answer (answer.h). */
#ifndef RECALL_CARD_H
#define RECALL_CARD_H

#include <stddef.h>

#include "recall/deck.h"

/* The prompt and expected answer of card 'ord' (1-based) of 'note'.
 * Cloze: the text with deletion 'ord' shown as "[...]" (or "[hint]") and
 * the others filled in; the answer is the deletion.  Reversed #2 swaps
 * Q and A.  Caller frees both with free().  Returns RC_OK, or
 * RC_ENOTFOUND when the note has no card 'ord'. */
int rc_card_render(const struct rc_note *note, size_t ord, char **question,
                   char **answer);

/* Number of {{...}} deletions in a cloze text, or -1 when the marks are
 * unbalanced, nested or empty. */
int rc_cloze_count(const char *text);

#endif /* RECALL_CARD_H */
