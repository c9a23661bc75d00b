/* class_cli.h -- what cmd_class.c, class_ui.c, class_report.c and
 * class_join.c share: `recall class host` and `recall class join`.
 *
 * cmd_class.c parses the arguments and turns the deck into questions;
 * class_ui.c drives the game from the teacher's terminal (or from lines
 * on a pipe) while src/class/host.c serves it; class_report.c writes the
 * --report file; class_join.c is the terminal student. */
#ifndef RECALL_CLI_CLASS_H
#define RECALL_CLI_CLASS_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "recall/game.h"

struct class_host;

#define CLASS_MAX_REPORTS 4 /* --report given more than once */

extern const struct cli_command cmd_class;

struct class_host_opts {
    const char *deck;
    size_t count;
    int64_t limit_ms;
    const char *listen;
    const char *report[CLASS_MAX_REPORTS]; /* FILE.csv or FILE.json */
    size_t n_report;
    uint64_t seed;
};

/* Drive the game served by 'host' from stdin until the teacher ends it
 * (class_ui.c); write the report when asked.  Returns an exit code. */
int class_ui_run(struct cli *cli, struct class_host *host,
                 const struct class_host_opts *o);

/* Write the game's report to 'path' (.csv or .json) (class_report.c). */
int class_report_write(const struct class_game *g, const char *path);

/* `recall class join` (class_join.c). */
int class_join_run(struct cli *cli, int argc, char **argv);

#endif /* RECALL_CLI_CLASS_H */
