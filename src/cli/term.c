/* term.c -- colour and styles for terminal output.
 *
 * The only file that knows ANSI escape sequences.  Whether to use them is
 * decided once, in main.c, into cli->color; here each style collapses to
 * the empty string when colour is off, so output written for a terminal
 * reads the same in a pipe, minus the escapes. */
#include "term.h"

const char *term_bold(const struct cli *cli)
{
    return cli->color ? "\033[1m" : "";
}

const char *term_dim(const struct cli *cli)
{
    return cli->color ? "\033[2m" : "";
}

const char *term_reset(const struct cli *cli)
{
    return cli->color ? "\033[0m" : "";
}
