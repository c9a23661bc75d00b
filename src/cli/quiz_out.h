/* quiz_out.h -- what `recall quiz` prints about its runs.
 *
 * A finished run is handed over as plain data (struct quiz_outcome) and
 * reported one of three ways: the score and a line per question on
 * stdout, one JSON document on stdout (--json), or a CSV file (--csv).
 * The history of past runs (--history) is listed here too.  Asking the
 * questions is cmd_quiz.c's job; nothing here reads input. */
#ifndef RECALL_QUIZ_OUT_H
#define RECALL_QUIZ_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "recall/check.h"
#include "recall/quiz.h"

/* One answered question.  Every pointer is borrowed. */
struct quiz_item {
    const char *card; /* "deck/note" or "deck/note#n" */
    const char *question;
    const char *answer; /* the right one; an order card's items, one a line */
    const char *given;  /* a choice picked by number: the option's text */
    enum rc_quiz_ask ask;
    const struct rc_strlist *options; /* choice: as shown; NULL otherwise */
    enum rc_check_result check;       /* as the checker judged it */
    bool late;                        /* after the --time limit */
    int64_t time_ms;
    int points;
};

/* One run.  Every pointer is borrowed. */
struct quiz_outcome {
    int64_t run_id; /* 0 when the run was not stored */
    const char *deck;
    const char *profile;
    const char *kind; /* "mixed", "choice" or "typed" */
    uint64_t seed;
    int64_t started_ms;
    int64_t finished_ms;
    int64_t limit_ms; /* 0: no limit */
    bool recorded;    /* --record: the answers are reviews */
    const struct quiz_item *items;
    size_t n;
    int score;
};

/* "right", "almost", "wrong" or "late". */
const char *quiz_verdict(const struct quiz_item *it);

/* The score line and a line per question, on stdout. */
void quiz_print_text(const struct cli *cli, const struct quiz_outcome *o);

/* The run as one JSON document on stdout; CLI_OK or CLI_ERROR. */
int quiz_print_json(const struct quiz_outcome *o);

/* Write the per-question report to 'path' as CSV (RFC 4180, header
 * position,card,question,given,answer,right,almost,time_ms).  CLI_OK, or
 * CLI_ERROR after reporting "cannot write 'PATH': reason". */
int quiz_write_csv(const struct quiz_outcome *o, const char *path);

/* List the profile's past runs (of deck 'deck', or all when NULL), as
 * text or, with cli->json, a JSON array.  Returns an exit code. */
int quiz_print_history(struct cli *cli, const char *deck);

#endif /* RECALL_QUIZ_OUT_H */
