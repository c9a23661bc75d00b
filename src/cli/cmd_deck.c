/* cmd_deck.c -- `recall deck SUBCOMMAND`: working on deck files.
 *
 * `stamp` writes derived ids into a deck file, so that later edits of a
 * card's question no longer change its id (and lose its history).  It
 * needs no collection: it only edits the file, atomically. */
#include "cli.h"

#include <string.h>

#include "recall/deck.h"

static int deck_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_deck = {
    .name = "deck",
    .summary = "work on deck files (stamp ids)",
    .usage = "usage: recall deck stamp <file>...\n"
             "\n"
             "stamp   write the derived id of every card that has none into\n"
             "        the file itself, changing nothing else, so that the\n"
             "        card keeps its history when its text is edited\n",
    .run = deck_run,
    .flags = 0,
};

static int stamp_one(struct cli *cli, const char *path)
{
    struct rc_diags diags = {0};
    struct rc_err err = {0};
    size_t n = 0;
    int rc = rc_deck_stamp(path, &n, &diags, &err);
    for (size_t i = 0; i < diags.n; i++)
        if (diags.v[i].is_error)
            fprintf(stderr, "recall: %s\n", diags.v[i].msg);
    if (rc < 0 && diags.n_errors == 0)
        cli_report(cli, &err);
    rc_diags_release(&diags);
    if (rc < 0)
        return CLI_ERROR;
    printf("%s: %zu id%s written\n", path, n, n == 1 ? "" : "s");
    return CLI_OK;
}

static int deck_run(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_deck, "no subcommand given");
    if (strcmp(argv[1], "stamp") != 0)
        return cli_usage_error(&cmd_deck, "unknown subcommand '%s'", argv[1]);
    if (argc < 3)
        return cli_usage_error(&cmd_deck, "no deck file given");
    int rc = CLI_OK;
    for (int i = 2; i < argc; i++)
        if (stamp_one(cli, argv[i]) != CLI_OK)
            rc = CLI_ERROR;
    return rc;
}
