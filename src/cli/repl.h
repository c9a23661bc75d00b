/* repl.h -- reading a learner's input, on a terminal or from a script.
 *
 * On a terminal, input comes through readline: line editing, history and
 * tab completion of the ':' commands.  Otherwise it is the documented
 * line protocol (docs/review-protocol.md): each prompt is printed on its
 * own line, one input line answers it, and there is no colour and no
 * cursor control, so a session can be scripted and tested. */
#ifndef RECALL_REPL_H
#define RECALL_REPL_H

#include <stdbool.h>

struct repl {
    bool tty;   /* stdin and stdout are terminals: use readline */
    char *line; /* the last line read; owned, freed by the next read */
};

/* Start reading; 'commands' (NULL-terminated, borrowed for the session)
 * are offered for tab completion. */
void repl_init(struct repl *r, const char *const *commands);

/* Show 'prompt' and read one line (without its newline).  Returns the
 * line, borrowed until the next call, or NULL at end of input. */
const char *repl_read(struct repl *r, const char *prompt);

void repl_release(struct repl *r);

#endif /* RECALL_REPL_H */
