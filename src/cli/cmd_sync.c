/* cmd_sync.c -- `recall sync`: push this profile's new reviews and
 * content, pull everyone else's, replay what changed.
 *
 * The session comes from `recall login` ("<db>.sync.json").  Progress
 * goes to stderr when it is a terminal; --json prints a summary on
 * stdout.  A sync stopped anywhere (network, kill) is finished by running
 * it again: nothing is lost or counted twice. */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../sync/client.h"
#include "recall/buf.h"

static int sync_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_sync = {
    .name = "sync",
    .summary = "sync reviews and decks with the server",
    .usage = "usage: recall sync [--json]\n"
             "\n"
             "Send this profile's reviews, card flags and deck changes to the\n"
             "server of 'recall login', and fetch those made elsewhere; card\n"
             "states are then replayed from the merged review log. Safe to\n"
             "interrupt and run again.\n"
             "\n"
             "  --json   print {\"pushed\": N, \"pulled\": M, ...}\n",
    .run = sync_run,
    .flags = CLI_NEEDS_COLLECTION,
};

#define BAR_WIDTH 30

/* A bar on stderr, redrawn in place: "push [#####-----]  52%  57000
 * changes"; a phase whose end is unknown shows the count alone.  The
 * line ends when the next phase starts or the sync does. */
static void progress(void *arg, const char *phase, size_t done, double fraction)
{
    const char **shown = arg;
    if (*shown && strcmp(*shown, phase) != 0)
        fputc('\n', stderr);
    *shown = phase;
    if (fraction < 0) {
        fprintf(stderr, "\r%s: %zu changes", phase, done);
    } else {
        char bar[BAR_WIDTH + 1];
        /* Rounded down: 100% only once the phase is done. */
        int full = (int)(fraction * BAR_WIDTH);
        for (int i = 0; i < BAR_WIDTH; i++)
            bar[i] = i < full ? '#' : '-';
        bar[BAR_WIDTH] = '\0';
        fprintf(stderr, "\r%s [%s] %3d%%  %zu changes", phase, bar,
                (int)(fraction * 100), done);
    }
    fflush(stderr);
}

static int print_result(const struct cli *cli, const struct sync_result *r)
{
    if (cli->json)
        return cli_print_json(json_pack(
            "{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "pushed",
            (json_int_t)r->pushed, "pulled", (json_int_t)r->pulled, "reviews",
            (json_int_t)r->reviews, "pending", (json_int_t)r->pending,
            "duplicates", (json_int_t)r->duplicates, "last_seq",
            (json_int_t)r->last_seq, "batches", (json_int_t)r->batches));
    printf("pushed %zu, pulled %zu (%zu new reviews)\n", r->pushed, r->pulled,
           r->reviews);
    return CLI_OK;
}

static int sync_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c != 'j')
            return cli_usage_error(&cmd_sync, "unknown option '%s'",
                                   argv[optind - 1]);
        cli->json = true;
    }
    if (optind < argc)
        return cli_usage_error(&cmd_sync, "unexpected argument '%s'",
                               argv[optind]);
    struct rc_buf path = {0};
    struct rc_err err = {0};
    struct sync_creds cr;
    rc_buf_addf(&path, "%s.sync.json", cli->db_path);
    int rc = sync_creds_load(rc_buf_str(&path), cli->profile, &cr, &err);
    rc_buf_release(&path);
    if (rc < 0)
        return cli_report(cli, &err);
    struct sync_client *cl = sync_client_new(cr.url, cr.token);
    struct sync_result res;
    const char *shown = NULL;
    rc = sync_client_sync(cl, cli->coll, cli->profile_id,
                          isatty(STDERR_FILENO) ? progress : NULL, &shown, &res,
                          &err);
    if (shown)
        fputc('\n', stderr);
    sync_client_free(cl);
    sync_creds_release(&cr);
    if (rc < 0)
        return cli_report(cli, &err);
    return print_result(cli, &res);
}
