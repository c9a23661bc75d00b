/* deck_cards.h -- a deck's cards copied out for a quiz or a live game.
 *
 * `recall quiz` and `recall class host` both turn a deck's cards into
 * quiz.h's questions: the rendered question and answer, the tags that
 * choose distractors, and the lists each kind needs (typed answers'
 * alternatives, choice options or a pool's items, order items). */
#ifndef RECALL_DECK_CARDS_H
#define RECALL_DECK_CARDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "recall/deck.h"
#include "recall/quiz.h"

/* What a question needs of a card, owned. */
struct card_copy {
    char *name; /* "deck/note" or "deck/note#n" */
    char *question;
    char *answer;
    char *tags;
    bool ignore_accents;
    struct rc_strlist accept;
    struct rc_strlist options; /* choice: its own, or its pool's items */
    struct rc_strlist items;   /* order, in the right order */
};

/* The cards of one deck: v[i] is quiz.h's view of own[i]. */
struct deck_cards {
    struct rc_quiz_card *v;
    struct card_copy *own;
    size_t n;
    struct cli *cli;
    int rc;
};

/* Load the live cards of deck 'deck' into 'd' (zeroed by the caller).
 * Returns CLI_OK, or an exit code with the error reported; an empty
 * deck is an error ("deck 'x' has no cards to quiz"). */
int deck_cards_load(struct cli *cli, const char *deck, struct deck_cards *d);

void deck_cards_release(struct deck_cards *d);

#endif /* RECALL_DECK_CARDS_H */
