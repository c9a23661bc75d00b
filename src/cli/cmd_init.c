/* cmd_init.c -- `recall init`: create the collection, with the bundled
 * decks unless --empty.
 *
 * Running it again is harmless: the collection is opened (and migrated)
 * rather than replaced, and re-importing unchanged bundled decks changes
 * nothing. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "importer.h"
#include "paths.h"
#include "recall/buf.h"

static int init_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_init = {
    .name = "init",
    .summary = "create the collection and import the bundled decks",
    .usage = "usage: recall init [--empty]\n"
             "\n"
             "Create the collection file (see --db) if it does not exist, and\n"
             "import the decks that come with recall. Safe to run again.\n"
             "\n"
             "  --empty   create the collection only, import no decks\n",
    .run = init_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static int init_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"empty", no_argument, NULL, 'e'},
        {NULL, 0, NULL, 0},
    };
    bool empty = false;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c != 'e')
            return cli_usage_error(&cmd_init, "unknown option '%s'",
                                   argv[optind - 1]);
        empty = true;
    }
    if (optind < argc)
        return cli_usage_error(&cmd_init, "unexpected argument '%s'",
                               argv[optind]);
    printf("collection: %s\n", cli->db_path);
    if (empty)
        return CLI_OK;
    struct rc_buf dir = {0};
    struct rc_err err = {0};
    if (cli_bundled_decks_dir(&dir, &err) < 0)
        return cli_report(cli, &err);
    char *paths[] = {dir.buf};
    int rc = cli_import_paths(cli, paths, 1, false, false);
    rc_buf_release(&dir);
    return rc;
}
