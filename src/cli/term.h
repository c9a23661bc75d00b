/* term.h -- every terminal escape sequence recall writes lives in term.c.
 *
 * Styles are strings to print around text; each is "" unless colour is
 * on (cli->color: stdout is a terminal, NO_COLOR unset or empty, TERM is
 * not "dumb", no --no-color), so callers never test for colour. */
#ifndef RECALL_TERM_H
#define RECALL_TERM_H

#include "cli.h"

const char *term_bold(const struct cli *cli);
const char *term_dim(const struct cli *cli);
const char *term_reset(const struct cli *cli);

#endif /* RECALL_TERM_H */
