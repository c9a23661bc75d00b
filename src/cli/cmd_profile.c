/* cmd_profile.c -- `recall profile`: who studies from this collection.
 *
 * Each profile has its own card states, reviews and quiz results; the
 * decks are shared.  Removing a profile deletes its progress for good, so
 * it asks first on a terminal and refuses without --yes elsewhere. */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "recall/clock.h"
#include "recall/profile.h"

static int profile_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_profile = {
    .name = "profile",
    .summary = "add, list, rename or remove profiles",
    .usage = "usage: recall profile list [--json]\n"
             "       recall profile add <name>\n"
             "       recall profile rename <old> <new>\n"
             "       recall profile remove [--yes] <name>\n"
             "\n"
             "Profiles let several people share one collection: each has its\n"
             "own progress (card states, reviews, quiz results). Choose one\n"
             "with --profile NAME or RECALL_PROFILE; it is created on first\n"
             "use. Removing a profile deletes its progress; it asks first, or\n"
             "needs --yes when stdin is not a terminal.\n",
    .run = profile_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static int print_row(const struct rc_profile_info *p, void *arg)
{
    const struct cli *cli = arg;
    char created[32];
    rc_time_format_local(p->created_ms, created, sizeof(created));
    printf("%s%-20s %8lld %8lld  %s\n",
           strcmp(p->name, cli->profile) == 0 ? "* " : "  ", p->name,
           (long long)p->n_cards, (long long)p->n_reviews, created);
    return 0;
}

static int add_json(const struct rc_profile_info *p, void *arg)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "created_ms", json_integer(p->created_ms));
    json_object_set_new(o, "cards", json_integer(p->n_cards));
    json_object_set_new(o, "reviews", json_integer(p->n_reviews));
    json_array_append_new(arg, o);
    return 0;
}

static int list(struct cli *cli)
{
    struct rc_err err = {0};
    if (cli->json) {
        json_t *a = json_array();
        if (rc_profiles_each(cli->coll, add_json, a, &err) < 0) {
            json_decref(a);
            return cli_report(cli, &err);
        }
        return cli_print_json(a);
    }
    printf("  %-20s %8s %8s  %s\n", "PROFILE", "CARDS", "REVIEWS", "CREATED");
    if (rc_profiles_each(cli->coll, print_row, cli, &err) < 0)
        return cli_report(cli, &err);
    return CLI_OK;
}

/* Ask "remove ...? [y/N]" on a terminal; without one, --yes is needed. */
static bool confirmed(const char *name, bool yes)
{
    if (yes)
        return true;
    if (!isatty(STDIN_FILENO)) {
        cli_error("profile remove: not removing '%s' without --yes (stdin "
                  "is not a terminal)",
                  name);
        return false;
    }
    /* The prompt goes to stderr: stdout may be a pipe to another tool. */
    fprintf(stderr,
            "Remove profile '%s' with all its progress? This cannot be "
            "undone. [y/N] ",
            name);
    char answer[16] = "";
    bool yes_typed = fgets(answer, sizeof(answer), stdin) &&
                     (answer[0] == 'y' || answer[0] == 'Y');
    if (!yes_typed)
        fprintf(stderr, "recall: profile '%s' kept\n", name);
    return yes_typed;
}

static int profile_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"yes", no_argument, NULL, 'y'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return cli_usage_error(&cmd_profile, "no subcommand given");
    const char *sub = argv[1];
    bool yes = false;
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "+y", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else if (c == 'y')
            yes = true;
        else
            return cli_usage_error(&cmd_profile, "unknown option '%s'",
                                   argv[optind - 1]);
    }
    int nargs = argc - optind;
    char **args = argv + optind;
    struct rc_err err = {0};
    int rc = RC_OK;
    if (strcmp(sub, "list") == 0 && nargs == 0)
        return list(cli);
    if (strcmp(sub, "add") == 0 && nargs == 1)
        rc = rc_profile_add(cli->coll, args[0], cli->now_ms, &err);
    else if (strcmp(sub, "rename") == 0 && nargs == 2)
        rc = rc_profile_rename(cli->coll, args[0], args[1], &err);
    else if (strcmp(sub, "remove") == 0 && nargs == 1 &&
             !confirmed(args[0], yes))
        return CLI_ERROR;
    else if (strcmp(sub, "remove") == 0 && nargs == 1)
        rc = rc_profile_remove(cli->coll, args[0], &err);
    else if (strcmp(sub, "list") && strcmp(sub, "add") &&
             strcmp(sub, "rename") && strcmp(sub, "remove"))
        return cli_usage_error(&cmd_profile, "unknown subcommand '%s'", sub);
    else
        return cli_usage_error(&cmd_profile, "wrong number of arguments");
    if (rc < 0)
        return cli_report(cli, &err);
    printf("profile %s: %s\n", sub,
           strcmp(sub, "rename") == 0 ? args[1] : args[0]);
    return CLI_OK;
}
