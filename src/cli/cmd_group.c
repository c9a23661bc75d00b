/* cmd_group.c -- `recall group`: study groups on the sync server.
 *
 * An owner creates a group, invites members with join codes, publishes
 * decks to it and reads its report; a member joins with a code and gets
 * the published decks on the next `recall sync`, studying them with their
 * own progress.  Each subcommand is one request with the session of
 * `recall login` (group.c); this file parses argv and prints.
 *
 * Groups created here are remembered in "<db>.groups.json", so that
 * `publish` needs no --group when the profile owns one.  The report is
 * the server's (per member and per card: reviews, retention, due, last
 * review), with each member's totals added here: reviews, retention over
 * all their reviews, cards due and the last study day. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sync/client.h"
#include "../sync/group.h"
#include "recall/buf.h"
#include "recall/catalog.h"
#include "recall/clock.h"

static int group_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_group = {
    .name = "group",
    .summary = "study groups: create, invite, join, publish, report",
    .usage = "usage: recall group create <name>\n"
             "       recall group invite <name>\n"
             "       recall group join <code>\n"
             "       recall group publish [--group <name>] <deck>\n"
             "       recall group report [--csv <file>] [--json] <name>\n"
             "\n"
             "Study groups on the server of 'recall login'.\n"
             "\n"
             "create   make a group (1-64 of A-Z a-z 0-9 . _ -); you own it\n"
             "invite   print a new join code for your group (valid 7 days)\n"
             "join     join the group of a code; its decks arrive with your\n"
             "         next 'recall sync', and your progress stays your own\n"
             "publish  share a deck with your group: members receive it, and\n"
             "         your later edits, on their next sync (--group may be\n"
             "         left out when you created one group from here)\n"
             "report   per member and per card: reviews, retention, due, and\n"
             "         the last study day\n"
             "\n"
             "  --group <name>  the group to publish to\n"
             "  --csv <file>    also write the report as CSV (one row per\n"
             "                  member and card) to <file>\n"
             "  --json          the report as JSON\n",
    .run = group_run,
    .flags = CLI_NEEDS_COLLECTION,
};

/* The session's client, or NULL after reporting why there is none. */
static struct sync_client *open_client(const struct cli *cli)
{
    struct rc_buf path = {0};
    struct rc_err err = {0};
    struct sync_creds cr;
    rc_buf_addf(&path, "%s.sync.json", cli->db_path);
    int rc = sync_creds_load(rc_buf_str(&path), cli->profile, &cr, &err);
    rc_buf_release(&path);
    if (rc < 0) {
        cli_report(cli, &err);
        return NULL;
    }
    struct sync_client *cl = sync_client_new(cr.url, cr.token);
    sync_creds_release(&cr);
    return cl;
}

static void groups_path(const struct cli *cli, struct rc_buf *out)
{
    rc_buf_addf(out, "%s.groups.json", cli->db_path);
}

static int do_create(struct cli *cli, struct sync_client *cl, const char *name)
{
    struct rc_err err = {0};
    struct rc_buf path = {0};
    groups_path(cli, &path);
    int rc = sync_group_create(cl, name, &err);
    if (rc == RC_OK)
        rc = sync_group_remember(rc_buf_str(&path), cli->profile, name, &err);
    rc_buf_release(&path);
    if (rc < 0)
        return cli_report(cli, &err);
    printf("created group '%s'\n", name);
    return CLI_OK;
}

static int do_invite(struct cli *cli, struct sync_client *cl, const char *name)
{
    struct rc_err err = {0};
    char code[16];
    int64_t expires_ms = 0;
    if (sync_group_invite(cl, name, code, &expires_ms, &err) < 0)
        return cli_report(cli, &err);
    if (cli->json)
        return cli_print_json(json_pack("{s:s,s:s,s:I}", "group", name, "code",
                                        code, "expires_ms",
                                        (json_int_t)expires_ms));
    char when[32];
    rc_time_format_local(expires_ms, when, sizeof(when));
    printf("%s\n", code);
    fprintf(stderr,
            "join code for '%s', valid until %s: 'recall group join "
            "%s'\n",
            name, when, code);
    return CLI_OK;
}

static int do_join(struct cli *cli, struct sync_client *cl, const char *code)
{
    struct rc_err err = {0};
    char group[SYNC_GROUP_NAME_MAX + 1];
    if (sync_group_join(cl, code, group, &err) < 0)
        return cli_report(cli, &err);
    printf("joined group '%s'\n", group);
    fprintf(stderr, "its decks arrive with your next 'recall sync'\n");
    return CLI_OK;
}

static int has_deck(const struct rc_deck_summary *d, void *arg)
{
    return strcmp(d->key, arg) == 0;
}

/* The group to publish to when --group is left out. */
static int default_group(struct cli *cli, struct rc_buf *out)
{
    struct rc_buf path = {0};
    struct rc_err err = {0};
    json_t *list = NULL;
    groups_path(cli, &path);
    int rc =
        sync_group_remembered(rc_buf_str(&path), cli->profile, &list, &err);
    rc_buf_release(&path);
    if (rc < 0)
        return cli_report(cli, &err);
    size_t n = json_array_size(list);
    if (n == 1)
        rc_buf_adds(out, json_string_value(json_array_get(list, 0)));
    json_decref(list);
    if (n == 1)
        return CLI_OK;
    return cli_usage_error(&cmd_group,
                           n == 0 ? "publish: give --group <name> (no group "
                                    "was created from this collection)"
                                  : "publish: give --group <name> (you "
                                    "created several groups)");
}

static int do_publish(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"group", required_argument, NULL, 'g'},
        {NULL, 0, NULL, 0},
    };
    const char *group = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c != 'g')
            return cli_usage_error(&cmd_group, "unknown option '%s'",
                                   argv[optind - 1]);
        group = optarg;
    }
    if (argc - optind != 1)
        return cli_usage_error(&cmd_group, "publish: give one deck");
    const char *deck = argv[optind];
    struct rc_err err = {0};
    int found = rc_decks_each(cli->coll, cli->profile_id, cli->now_ms, has_deck,
                              (void *)deck, &err);
    if (found < 0)
        return cli_report(cli, &err);
    if (found == 0)
        return cli_error("no deck '%s' in this collection", deck);
    struct rc_buf name = {0};
    int rc = CLI_OK;
    if (group)
        rc_buf_adds(&name, group);
    else
        rc = default_group(cli, &name);
    struct sync_client *cl = rc == CLI_OK ? open_client(cli) : NULL;
    if (rc == CLI_OK && !cl)
        rc = CLI_ERROR;
    if (rc == CLI_OK &&
        sync_group_publish(cl, rc_buf_str(&name), deck, &err) < 0)
        rc = cli_report(cli, &err);
    if (rc == CLI_OK) {
        printf("published '%s' to '%s'\n", deck, rc_buf_str(&name));
        fprintf(stderr, "members receive it (after your next 'recall sync', "
                        "if it has not been synced) on their next sync\n");
    }
    sync_client_free(cl);
    rc_buf_release(&name);
    return rc;
}

/* ---- The report ------------------------------------------------------ */

/* A member's totals over its cards. */
struct totals {
    int64_t reviews;
    double good; /* reviews not rated Again */
    int64_t due;
};

static struct totals member_totals(json_t *m)
{
    struct totals t = {0};
    size_t i;
    json_t *card;
    json_array_foreach(json_object_get(m, "cards"), i, card)
    {
        int64_t n = json_integer_value(json_object_get(card, "reviews"));
        t.reviews += n;
        t.good +=
            (double)n * json_number_value(json_object_get(card, "retention"));
        t.due += json_is_true(json_object_get(card, "due"));
    }
    return t;
}

static void day_of(json_t *ms, char day[32])
{
    if (!json_is_integer(ms)) {
        snprintf(day, 32, "never");
        return;
    }
    rc_time_format_local(json_integer_value(ms), day, 32);
    day[10] = '\0'; /* "2026-11-25" */
}

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* One row per member and card; a member without reviews gets one row
 * with an empty card. */
static int write_csv(const char *path, json_t *report, struct rc_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return rc_err_set(err, RC_EIO, "%s: %s", path, strerror(errno));
    fputs("user,card,reviews,retention,due,last_review_ms,last_review_day\n",
          f);
    size_t i, j;
    json_t *m, *card;
    json_array_foreach(json_object_get(report, "members"), i, m)
    {
        const char *user = json_string_value(json_object_get(m, "user"));
        json_t *cards = json_object_get(m, "cards");
        if (json_array_size(cards) == 0) {
            csv_field(f, user);
            fputs(",,0,,,,\n", f);
        }
        json_array_foreach(cards, j, card)
        {
            char day[32];
            json_t *last = json_object_get(card, "last_review_ms");
            day_of(last, day);
            csv_field(f, user);
            fputc(',', f);
            csv_field(f, json_string_value(json_object_get(card, "card")));
            fprintf(
                f, ",%lld,%.4f,%d,%lld,%s\n",
                (long long)json_integer_value(json_object_get(card, "reviews")),
                json_number_value(json_object_get(card, "retention")),
                json_is_true(json_object_get(card, "due")),
                (long long)json_integer_value(last), day);
        }
    }
    int rc = RC_OK;
    if (ferror(f) | (fclose(f) != 0))
        rc = rc_err_set(err, RC_EIO, "%s: write failed", path);
    return rc;
}

static json_t *report_json(json_t *report)
{
    json_t *members = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(report, "members"), i, m)
    {
        struct totals t = member_totals(m);
        json_array_append_new(
            members, json_pack("{s:O,s:I,s:o,s:I,s:O,s:O}", "user",
                               json_object_get(m, "user"), "reviews",
                               (json_int_t)t.reviews, "retention",
                               t.reviews ? json_real(t.good / (double)t.reviews)
                                         : json_null(),
                               "cards_due", (json_int_t)t.due, "last_study_ms",
                               json_object_get(m, "last_study_ms"), "cards",
                               json_object_get(m, "cards")));
    }
    return json_pack("{s:O,s:o}", "group", json_object_get(report, "group"),
                     "members", members);
}

static void print_report(json_t *report)
{
    json_t *members = json_object_get(report, "members");
    printf("group %s: %zu members\n",
           json_string_value(json_object_get(report, "group")),
           json_array_size(members));
    size_t i, j;
    json_t *m, *card;
    json_array_foreach(members, i, m)
    {
        struct totals t = member_totals(m);
        char day[32];
        day_of(json_object_get(m, "last_study_ms"), day);
        printf("\n%s: %lld reviews",
               json_string_value(json_object_get(m, "user")),
               (long long)t.reviews);
        if (t.reviews)
            printf(", retention %.0f%%", 100.0 * t.good / (double)t.reviews);
        printf(", %lld cards due, last studied %s\n", (long long)t.due, day);
        json_array_foreach(json_object_get(m, "cards"), j, card)
        {
            day_of(json_object_get(card, "last_review_ms"), day);
            printf(
                "  %-32s %4lld reviews  %3.0f%%  %-3s  %s\n",
                json_string_value(json_object_get(card, "card")),
                (long long)json_integer_value(json_object_get(card, "reviews")),
                100.0 * json_number_value(json_object_get(card, "retention")),
                json_is_true(json_object_get(card, "due")) ? "due" : "", day);
        }
    }
}

static int do_report(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"csv", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    const char *csv = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'c')
            csv = optarg;
        else if (c == 'j')
            cli->json = true;
        else
            return cli_usage_error(&cmd_group, "unknown option '%s'",
                                   argv[optind - 1]);
    }
    if (argc - optind != 1)
        return cli_usage_error(&cmd_group, "report: give one group");
    struct sync_client *cl = open_client(cli);
    if (!cl)
        return CLI_ERROR;
    struct rc_err err = {0};
    json_t *report = NULL;
    int rc = sync_group_fetch_report(cl, argv[optind], &report, &err);
    sync_client_free(cl);
    if (rc == RC_OK && csv)
        rc = write_csv(csv, report, &err);
    if (rc < 0) {
        json_decref(report);
        return cli_report(cli, &err);
    }
    if (cli->json)
        rc = cli_print_json(report_json(report));
    else
        print_report(report);
    json_decref(report);
    return rc;
}

/* create, invite and join: one operand and no options. */
static int simple(struct cli *cli, int argc, char **argv,
                  int (*fn)(struct cli *, struct sync_client *, const char *))
{
    int rc = cli_parse_json_option(&cmd_group, cli, argc, argv);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return cli_usage_error(&cmd_group, "%s: give one %s", argv[0],
                               strcmp(argv[0], "join") == 0 ? "code"
                                                            : "group name");
    struct sync_client *cl = open_client(cli);
    if (!cl)
        return CLI_ERROR;
    rc = fn(cli, cl, argv[optind]);
    sync_client_free(cl);
    return rc;
}

static int group_run(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_group, "no subcommand given");
    const char *sub = argv[1];
    argc--;
    argv++;
    if (strcmp(sub, "create") == 0)
        return simple(cli, argc, argv, do_create);
    if (strcmp(sub, "invite") == 0)
        return simple(cli, argc, argv, do_invite);
    if (strcmp(sub, "join") == 0)
        return simple(cli, argc, argv, do_join);
    if (strcmp(sub, "publish") == 0)
        return do_publish(cli, argc, argv);
    if (strcmp(sub, "report") == 0)
        return do_report(cli, argc, argv);
    return cli_usage_error(&cmd_group, "unknown subcommand '%s'", sub);
}
