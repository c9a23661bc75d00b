/* review_cmds.h -- the review session's state and its ':' commands. */
#ifndef RECALL_REVIEW_CMDS_H
#define RECALL_REVIEW_CMDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "present.h"
#include "recall/answer.h"
#include "recall/queue.h"
#include "recall/rng.h"
#include "repl.h"

/* turn() results beyond CLI_OK/CLI_ERROR. */
enum {
    TURN_QUIT = 100,
    TURN_EOF = 101,
};

struct session {
    struct cli *cli;
    struct repl repl;
    struct rc_queue *queue;
    struct rc_rng rng; /* review ids */
    uint64_t seed;     /* shuffles of choice and order cards */
    const char *const *decks;
    size_t n_decks;
    int64_t started_mono;
    size_t answered;
    size_t right;
    struct {
        bool valid;
        struct rc_queue_card card;
        struct rc_card_snapshot before;
        char review_id[33];
        bool was_right;
    } undo;
};

/* The commands, NULL-terminated, for :help and tab completion. */
extern const char *const review_command_names[];

/* The session's clock: --now, or the system clock. */
int64_t session_now(const struct session *s);

/* Run ':command' typed while 'v' (queue entry 'qc') was shown.  Returns
 * CLI_OK to go on (the next card may be this one again), TURN_QUIT, or
 * CLI_ERROR. */
int review_command(struct session *s, const struct rc_queue_card *qc,
                   const struct card_view *v, const char *command);

#endif /* RECALL_REVIEW_CMDS_H */
