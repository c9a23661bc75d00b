/* cli.h -- what every command of the recall front end shares.
 *
 * main.c parses the global options once into a struct cli and dispatches
 * through a sorted table of struct cli_command, one per cmd_<name>.c (as
 * git's builtins and tmux's cmd-*.c).  A command gets the struct cli and
 * its own argv (argv[0] is the command name) and returns an exit code:
 * 0 ok, 1 error, 2 usage. */
#ifndef RECALL_CLI_H
#define RECALL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "recall/err.h"

struct rc_collection;

enum cli_exit {
    CLI_OK = 0,
    CLI_ERROR = 1,
    CLI_USAGE = 2,
};

/* The global options and the state commands share. */
struct cli {
    const char *db_path; /* --db or RECALL_DB, else the XDG default */
    const char *profile; /* --profile or RECALL_PROFILE, else "default" */
    int64_t now_ms;      /* --now or RECALL_NOW, else the clock */
    bool now_pinned;     /* now_ms came from --now or RECALL_NOW */
    bool json;           /* --json given before the command */
    bool color;          /* stdout is a tty, NO_COLOR unset, no --no-color */
    int verbose;         /* -v: error locations */
    struct rc_collection *coll; /* opened for CLI_NEEDS_COLLECTION */
    int64_t profile_id;         /* resolved for CLI_NEEDS_COLLECTION */
};

enum cli_flags {
    CLI_NEEDS_COLLECTION = 1 << 0, /* open (creating) the collection first */
};

struct cli_command {
    const char *name;    /* "import", or "deck stamp" for a subcommand */
    const char *summary; /* one line for `recall --help` */
    const char *usage;   /* full help text printed by --help */
    int (*run)(struct cli *cli, int argc, char **argv);
    unsigned flags;
};

/* Report 'err' on stderr as "recall: MSG" (with its source location when
 * -v was given) and return CLI_ERROR. */
int cli_report(const struct cli *cli, const struct rc_err *err);

/* Print "recall: FMT" on stderr and return CLI_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "recall: warning: FMT" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "recall: FMT" and the command's usage line to stderr; return
 * CLI_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Handle -h/--help for 'cmd': when argv holds it, print the usage to
 * stdout and return true (the command then returns CLI_OK). */
bool cli_wants_help(const struct cli_command *cmd, int argc, char **argv);

/* Parse the options of a command whose only option is --json (setting
 * cli->json); optind is left at the first operand.  Returns -1 to go on,
 * or the exit code of a usage error. */
int cli_parse_json_option(const struct cli_command *cmd, struct cli *cli,
                          int argc, char **argv);

/* Print a JSON value (a json_t *, declared void * so that this header
 * needs no jansson) on stdout, indented, and release it. Returns CLI_OK or
 * CLI_ERROR. */
int cli_print_json(void *json);

/* ---- Shared between commands ---------------------------------------- */

/* `recall card explain`'s report for card 'card_id' named 'name', also
 * used by the review session's :explain (cmd_card.c). */
int cli_card_explain(struct cli *cli, int64_t card_id, const char *name);

/* Seed a generator from the system's entropy (review ids, shuffles). */
uint64_t cli_random_seed(void);

#endif /* RECALL_CLI_H */
