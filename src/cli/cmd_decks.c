/* cmd_decks.c -- `recall decks`: the decks with their card counts.
 *
 * Counts are for the current profile: new cards are those it has never
 * studied; "due" counts studied cards due now.  --json prints the same
 * numbers under stable keys. */
#include "cli.h"

#include <jansson.h>
#include <unistd.h> /* optind */

#include "recall/catalog.h"
#include "term.h"

static int decks_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_decks = {
    .name = "decks",
    .summary = "list the decks with their card counts",
    .usage =
        "usage: recall decks [--json]\n"
        "\n"
        "List the decks in the collection with, for the current profile,\n"
        "how many cards are new, learning, in review and due now.\n"
        "\n"
        "  --json   an array of {deck, title, file, scheduler, cards, new,\n"
        "           learning, review, due, suspended}\n",
    .run = decks_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static int print_row(const struct rc_deck_summary *d, void *arg)
{
    (void)arg;
    printf("%-12s %6lld %6lld %6lld %6lld %6lld  %s\n", d->key,
           (long long)d->n_cards, (long long)d->n_new, (long long)d->n_learning,
           (long long)d->n_review, (long long)d->n_due, d->title);
    return 0;
}

static int add_json(const struct rc_deck_summary *d, void *arg)
{
    json_t *o = json_object();
    json_object_set_new(o, "deck", json_string(d->key));
    json_object_set_new(o, "title", json_string(d->title));
    json_object_set_new(o, "file", json_string(d->file_path));
    json_object_set_new(o, "scheduler", json_string(d->scheduler));
    json_object_set_new(o, "cards", json_integer(d->n_cards));
    json_object_set_new(o, "new", json_integer(d->n_new));
    json_object_set_new(o, "learning", json_integer(d->n_learning));
    json_object_set_new(o, "review", json_integer(d->n_review));
    json_object_set_new(o, "due", json_integer(d->n_due));
    json_object_set_new(o, "suspended", json_integer(d->n_suspended));
    json_array_append_new(arg, o);
    return 0;
}

static int decks_run(struct cli *cli, int argc, char **argv)
{
    int rc = cli_parse_json_option(&cmd_decks, cli, argc, argv);
    if (rc >= 0)
        return rc;
    if (optind < argc)
        return cli_usage_error(&cmd_decks, "unexpected argument '%s'",
                               argv[optind]);
    struct rc_err err = {0};
    if (cli->json) {
        json_t *a = json_array();
        if (rc_decks_each(cli->coll, cli->profile_id, cli->now_ms, add_json, a,
                          &err) < 0) {
            json_decref(a);
            return cli_report(cli, &err);
        }
        return cli_print_json(a);
    }
    printf("%s%-12s %6s %6s %6s %6s %6s  %s%s\n", term_bold(cli), "DECK",
           "CARDS", "NEW", "LEARN", "REVIEW", "DUE", "TITLE", term_reset(cli));
    if (rc_decks_each(cli->coll, cli->profile_id, cli->now_ms, print_row, NULL,
                      &err) < 0)
        return cli_report(cli, &err);
    return CLI_OK;
}
