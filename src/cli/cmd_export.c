/* cmd_export.c -- `recall export DECK`: a deck back in the deck format.
 *
 * The text comes from the one writer (rc_deck_write), so importing what
 * was exported changes nothing.  The header's source-file is rewritten
 * relative to where the output goes (the output file's folder, or the
 * current one for stdout), so the exported file still finds its text. */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "recall/buf.h"
#include "recall/catalog.h"
#include "recall/deck.h"

static int export_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_export = {
    .name = "export",
    .summary = "write a deck back out in the deck format",
    .usage = "usage: recall export [-o <file>] <deck>\n"
             "\n"
             "Write deck <deck> (its live cards, in file order) in the deck\n"
             "format to stdout or to <file>. Importing the result changes\n"
             "nothing.\n"
             "\n"
             "  -o, --output <file>   write to <file> (atomically) instead\n",
    .run = export_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static void output_dir(const char *output, struct rc_buf *out)
{
    if (!output) {
        rc_buf_adds(out, ".");
        return;
    }
    const char *slash = strrchr(output, '/');
    if (!slash)
        rc_buf_adds(out, ".");
    else if (slash == output)
        rc_buf_adds(out, "/");
    else
        rc_buf_add(out, output, (size_t)(slash - output));
}

static int export_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+o:", opts, NULL)) != -1) {
        if (c != 'o')
            return cli_usage_error(&cmd_export, "unknown option '%s'",
                                   argv[optind - 1]);
        output = optarg;
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_export, "no deck given");
    if (argc - optind > 1)
        return cli_usage_error(&cmd_export, "unexpected argument '%s'",
                               argv[optind + 1]);
    struct rc_err err = {0};
    struct rc_deck *deck = NULL;
    if (rc_deck_load(cli->coll, argv[optind], &deck, &err) < 0)
        return cli_report(cli, &err);
    struct rc_buf dir = {0}, source = {0}, text = {0};
    output_dir(output, &dir);
    if (*deck->source_path)
        cli_relative_path(dir.buf, deck->source_path, &source);
    rc_deck_write(deck, rc_buf_str(&source), &text);
    int rc = CLI_OK;
    if (output) {
        if (cli_write_file_atomic(output, rc_buf_str(&text), text.len, &err) <
            0)
            rc = cli_report(cli, &err);
    } else if (fwrite(rc_buf_str(&text), 1, text.len, stdout) != text.len) {
        rc = cli_error("export: cannot write to stdout");
    }
    rc_buf_release(&dir);
    rc_buf_release(&source);
    rc_buf_release(&text);
    rc_deck_free(deck);
    return rc;
}
