/* present.h -- one card put to the learner, the way its kind needs.
 *
 * Basic and reversed cards are revealed with Enter; typed and cloze cards
 * take a typed answer; choice cards show numbered options, order cards
 * numbered items, both shuffled by a seed.  present_ask() prints the
 * question and reads the answer; present_reveal() shows the right answer,
 * the verdict with a diff, the source quote and the explanation.  Input
 * starting with ':' is a command, handed back to the session. */
#ifndef RECALL_PRESENT_H
#define RECALL_PRESENT_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "recall/catalog.h"
#include "recall/check.h"
#include "recall/rng.h"
#include "repl.h"

/* A card copied out of the collection for the length of its turn. */
struct card_view {
    int64_t card_id;
    char *name; /* "deck/note" or "deck/note#n" */
    char *deck_key;
    char *deck_file;
    int line;
    enum rc_kind kind;
    char *question;
    char *answer;
    struct rc_strlist accept; /* typed: other right answers */
    struct rc_strlist shown;  /* choice options / order items, shuffled */
    size_t *order;            /* order: shown[i] is item order[i] */
    char *source;
    char *hint;
    char *explain;
    bool ignore_accents;
};

/* Load card 'card_id' and shuffle its options with 'seed'. */
int card_view_load(struct cli *cli, int64_t card_id, uint64_t seed,
                   struct card_view *v);
void card_view_release(struct card_view *v);

/* What the learner answered. */
struct asked {
    const char *command;         /* ":..." typed instead; borrowed */
    bool eof;                    /* input ended */
    bool checked;                /* the program could check the answer */
    enum rc_check_result result; /* when checked */
    char *given;                 /* what was typed, owned */
};

/* Print the question and read the answer. */
void present_ask(struct cli *cli, struct repl *repl, const struct card_view *v,
                 struct asked *out);

/* Print the verdict, the right answer, the diff, the source, the
 * explanation. */
void present_reveal(struct cli *cli, const struct card_view *v,
                    const struct asked *a);

void asked_release(struct asked *a);

#endif /* RECALL_PRESENT_H */
