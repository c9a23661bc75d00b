/* cmd_cards.c -- `recall cards`: the cards of one deck or of all.
 *
 * The table shows one line per card with its question cut to fit; --json
 * gives each card in full (cardview.c), so a teacher can review a deck's
 * cards without opening its file. */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cardview.h"
#include "recall/card.h"
#include "recall/catalog.h"
#include "term.h"

static int cards_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_cards = {
    .name = "cards",
    .summary = "list the cards of a deck, or of every deck",
    .usage =
        "usage: recall cards [--retired] [--json] [<deck>]\n"
        "\n"
        "List cards with their kind, state for the current profile, and\n"
        "question.\n"
        "\n"
        "  --retired   include cards removed from their deck file\n"
        "  --json      an array of cards with every field: card, deck,\n"
        "              note, ord, kind, question, answer, choices | items |\n"
        "              accept, pool, cloze, tags, source, hint, explain,\n"
        "              line, state, due_ms, reps, lapses, retired\n",
    .run = cards_run,
    .flags = CLI_NEEDS_COLLECTION,
};

/* Print at most 'width' bytes of 's' on one line, cut at a UTF-8
 * boundary, with newlines shown as spaces. */
static void print_cut(const char *s, size_t width)
{
    size_t len = strlen(s);
    size_t cut = len <= width ? len : width;
    while (cut < len && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    for (size_t i = 0; i < cut; i++)
        putchar(s[i] == '\n' ? ' ' : s[i]);
    if (cut < len)
        fputs("...", stdout);
}

static int print_row(const struct rc_card_info *card, void *arg)
{
    (void)arg;
    char name[256];
    cardview_name(card, name, sizeof(name));
    char *q = NULL, *a = NULL;
    rc_card_render(card->note, card->ord, &q, &a);
    printf("%-28s %-8s %-10s ", name, rc_kind_name(card->note->kind),
           card->retired ? "retired" : cardview_state_name(card));
    print_cut(q ? q : "", 60);
    putchar('\n');
    free(q);
    free(a);
    return 0;
}

static int add_json(const struct rc_card_info *card, void *arg)
{
    json_array_append_new(arg, cardview_json(card));
    return 0;
}

static int cards_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"retired", no_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    unsigned flags = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else if (c == 'r')
            flags |= RC_CARDS_RETIRED;
        else
            return cli_usage_error(&cmd_cards, "unknown option '%s'",
                                   argv[optind - 1]);
    }
    if (argc - optind > 1)
        return cli_usage_error(&cmd_cards, "unexpected argument '%s'",
                               argv[optind + 1]);
    const char *deck = optind < argc ? argv[optind] : NULL;
    struct rc_err err = {0};
    if (deck) {
        struct rc_deck *d = NULL;
        if (rc_deck_load(cli->coll, deck, &d, &err) < 0)
            return cli_report(cli, &err);
        rc_deck_free(d);
    }
    int rc;
    if (cli->json) {
        json_t *a = json_array();
        rc = rc_cards_each(cli->coll, cli->profile_id, deck, flags, add_json, a,
                           &err);
        if (rc < 0) {
            json_decref(a);
            return cli_report(cli, &err);
        }
        return cli_print_json(a);
    }
    printf("%s%-28s %-8s %-10s %s%s\n", term_bold(cli), "CARD", "KIND", "STATE",
           "QUESTION", term_reset(cli));
    rc = rc_cards_each(cli->coll, cli->profile_id, deck, flags, print_row, NULL,
                       &err);
    return rc < 0 ? cli_report(cli, &err) : CLI_OK;
}
