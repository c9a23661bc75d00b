/* report.c -- how the front end speaks: errors, warnings, usage, JSON.
 *
 * stdout carries results and stderr everything else (STYLE.md §7).  An
 * error reads "recall: context: reason"; with -v the place in recall's
 * source that raised it follows in brackets.  JSON documents are printed
 * here only, through jansson, never by hand. */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

int cli_report(const struct cli *cli, const struct rc_err *err)
{
    if (cli && cli->verbose && err->src_file)
        fprintf(stderr, "recall: %s [%s:%d]\n", err->msg, err->src_file,
                err->src_line);
    else
        fprintf(stderr, "recall: %s\n", err->msg);
    return CLI_ERROR;
}

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("recall: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_ERROR;
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("recall: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The first line of a usage text: "usage: recall ..." */
static void print_usage_line(const char *usage, FILE *out)
{
    const char *nl = strchr(usage, '\n');
    int len = nl ? (int)(nl - usage) : (int)strlen(usage);
    fprintf(out, "%.*s\n", len, usage);
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("recall: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    print_usage_line(cmd->usage, stderr);
    fprintf(stderr, "Try 'recall %s --help' for more.\n", cmd->name);
    return CLI_USAGE;
}

bool cli_wants_help(const struct cli_command *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(cmd->usage, stdout);
            /* A usage may say more about its exit status itself. */
            if (!strstr(cmd->usage, "Exit status:"))
                fputs("\nExit status: 0 success, 1 error, 2 usage error.\n",
                      stdout);
            return true;
        }
    }
    return false;
}

int cli_parse_json_option(const struct cli_command *cmd, struct cli *cli,
                          int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c != 'j')
            return cli_usage_error(cmd, "unknown option '%s'",
                                   argv[optind - 1]);
        cli->json = true;
    }
    return -1;
}

int cli_print_json(void *json)
{
    json_t *j = json;
    int rc = json_dumpf(j, stdout,
                        JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                            JSON_REAL_PRECISION(12));
    json_decref(j);
    fputc('\n', stdout);
    return rc == 0 ? CLI_OK : cli_error("cannot write JSON output");
}

uint64_t cli_random_seed(void)
{
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (uint64_t)ts.tv_sec * 1000000007ULL + (uint64_t)ts.tv_nsec;
    }
    return seed;
}
