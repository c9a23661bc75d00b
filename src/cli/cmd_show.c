/* cmd_show.c -- `recall show CARD`: one card in full. */
#include "cli.h"

#include <jansson.h>
#include <unistd.h> /* optind */

#include "cardview.h"
#include "recall/catalog.h"

static int show_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_show = {
    .name = "show",
    .summary = "show one card in full",
    .usage = "usage: recall show [--json] <deck>/<note>[#<n>]\n"
             "\n"
             "Show a card: its question and answer, choices or items, hint,\n"
             "explanation, tags, source quote, the file and line it comes\n"
             "from, and its state for the current profile. #<n> picks the\n"
             "n-th card of a note (the reverse side, a cloze deletion).\n"
             "\n"
             "  --json   the card as in 'recall cards --json'\n",
    .run = show_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static int visit(const struct rc_card_info *card, void *arg)
{
    struct cli *cli = arg;
    if (cli->json)
        return cli_print_json(cardview_json(card));
    cardview_print(card, stdout);
    return 0;
}

static int show_run(struct cli *cli, int argc, char **argv)
{
    int rc = cli_parse_json_option(&cmd_show, cli, argc, argv);
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return cli_usage_error(&cmd_show, "no card given");
    if (argc - optind > 1)
        return cli_usage_error(&cmd_show, "unexpected argument '%s'",
                               argv[optind + 1]);
    struct rc_err err = {0};
    if (rc_card_find(cli->coll, cli->profile_id, argv[optind], visit, cli,
                     &err) < 0)
        return cli_report(cli, &err);
    return CLI_OK;
}
