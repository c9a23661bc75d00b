/* main.c -- recall's entry point: global options and the command table.
 *
 * The global options (--db, --profile, --now, --json, --no-color, -v) are
 * parsed once, here, into the one struct cli; then the command named by
 * the first operand runs with the rest of argv.  Commands live one per
 * file (cmd_<name>.c) and export a struct cli_command; adding a command is
 * that file plus one line in the table below, which is kept sorted (a
 * test checks it). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "recall/buf.h"
#include "recall/clock.h"
#include "recall/collection.h"

extern const struct cli_command cmd_card;
extern const struct cli_command cmd_cards;
extern const struct cli_command cmd_class;
extern const struct cli_command cmd_deck;
extern const struct cli_command cmd_decks;
extern const struct cli_command cmd_export;
extern const struct cli_command cmd_group;
extern const struct cli_command cmd_import;
extern const struct cli_command cmd_init;
extern const struct cli_command cmd_login;
extern const struct cli_command cmd_logout;
extern const struct cli_command cmd_profile;
extern const struct cli_command cmd_quiz;
extern const struct cli_command cmd_review;
extern const struct cli_command cmd_sched;
extern const struct cli_command cmd_serve;
extern const struct cli_command cmd_show;
extern const struct cli_command cmd_stats;
extern const struct cli_command cmd_sync;

/* Sorted by name (t0001 checks); one a line, so a new one is one line. */
/* clang-format off */
static const struct cli_command *const commands[] = {
    &cmd_card,
    &cmd_cards,
    &cmd_class,
    &cmd_deck,
    &cmd_decks,
    &cmd_export,
    &cmd_group,
    &cmd_import,
    &cmd_init,
    &cmd_login,
    &cmd_logout,
    &cmd_profile,
    &cmd_quiz,
    &cmd_review,
    &cmd_sched,
    &cmd_serve,
    &cmd_show,
    &cmd_stats,
    &cmd_sync,
};
/* clang-format on */

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] =
    "usage: recall [--db PATH] [--profile NAME] [--now TIME] [--json]\n"
    "              [--no-color] [-v] <command> [<args>]\n";

static void print_help(FILE *out)
{
    fputs(main_usage, out);
    fputs("\nA quiz and flashcard trainer for study groups.\n\nCommands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    fputs("  help <cmd>   show a command's help\n"
          "\nGlobal options:\n"
          "  --db PATH       the collection file (env RECALL_DB; default\n"
          "                  $XDG_DATA_HOME/recall/collection.db)\n"
          "  --profile NAME  whose progress (env RECALL_PROFILE; default "
          "'default')\n"
          "  --now TIME      pretend it is TIME, ISO-8601 (env RECALL_NOW)\n"
          "  --json          machine-readable output where offered\n"
          "  --no-color      no colour (also when NO_COLOR is set)\n"
          "  -v, --verbose   say where in recall an error was raised\n"
          "  -h, --help      this help;  --version  the version\n"
          "\nExit status: 0 success, 1 error, 2 usage error.\n",
          out);
}

static const struct cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("recall: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fputs(main_usage, stderr);
    return CLI_USAGE;
}

/* Parse the global options; return -1 to go on, else an exit code. */
static int parse_globals(struct cli *cli, int argc, char **argv, int *next)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"profile", required_argument, NULL, 'p'},
        {"now", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {"no-color", no_argument, NULL, 'C'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *now = getenv("RECALL_NOW");
    bool no_color = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            cli->db_path = optarg;
            break;
        case 'p':
            cli->profile = optarg;
            break;
        case 'n':
            now = optarg;
            break;
        case 'j':
            cli->json = true;
            break;
        case 'C':
            no_color = true;
            break;
        case 'v':
            cli->verbose++;
            break;
        case 'h':
            print_help(stdout);
            return CLI_OK;
        case 'V':
            printf("recall %s\n", RECALL_VERSION);
            return CLI_OK;
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    *next = optind;
    if (now && *now) {
        struct rc_err err = {0};
        if (rc_time_parse(now, &cli->now_ms, &err) < 0)
            return usage_error("%s", err.msg);
        cli->now_pinned = true;
    } else {
        cli->now_ms = rc_clock_system_ms();
    }
    const char *nc = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    cli->color = !no_color && !(nc && *nc) && isatty(STDOUT_FILENO) &&
                 !(term && strcmp(term, "dumb") == 0);
    return -1;
}

static int open_collection(struct cli *cli)
{
    struct rc_err err = {0};
    if (cli_ensure_parent_dir(cli->db_path, &err) < 0)
        return cli_report(cli, &err);
    if (rc_collection_open(cli->db_path, 0, &cli->coll, &err) < 0 ||
        rc_profile_ensure(cli->coll, cli->profile, cli->now_ms,
                          &cli->profile_id, &err) < 0)
        return cli_report(cli, &err);
    return CLI_OK;
}

static int run_command(struct cli *cli, int argc, char **argv)
{
    if (strcmp(argv[0], "help") == 0) {
        if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
            strcmp(argv[1], "-h") == 0) {
            print_help(stdout);
            return CLI_OK;
        }
        argv++;
        argc = 2;
        argv[1] = (char *)"--help";
    }
    const struct cli_command *cmd = find_command(argv[0]);
    if (!cmd)
        return usage_error("unknown command '%s' (see 'recall --help')",
                           argv[0]);
    if (cli_wants_help(cmd, argc, argv))
        return CLI_OK;
    if (cmd->flags & CLI_NEEDS_COLLECTION) {
        int rc = open_collection(cli);
        if (rc != CLI_OK)
            return rc;
    }
    optind = 0; /* commands run getopt again on their own argv */
    return cmd->run(cli, argc, argv);
}

int main(int argc, char **argv)
{
    struct cli cli = {0};
    struct rc_buf db = {0};
    int next = 1;
    int rc = parse_globals(&cli, argc, argv, &next);
    if (rc >= 0)
        return rc;
    if (next >= argc) {
        print_help(stderr);
        return CLI_USAGE;
    }
    if (!cli.profile)
        cli.profile = getenv("RECALL_PROFILE");
    if (!cli.profile || !*cli.profile)
        cli.profile = "default";
    if (!cli.db_path)
        cli.db_path = getenv("RECALL_DB");
    if (!cli.db_path || !*cli.db_path) {
        cli_default_db_path(&db);
        cli.db_path = rc_buf_str(&db);
    }
    rc = run_command(&cli, argc - next, argv + next);
    rc_collection_close(cli.coll);
    rc_buf_release(&db);
    return rc;
}
