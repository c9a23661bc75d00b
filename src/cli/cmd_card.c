/* cmd_card.c -- `recall card`: one card's schedule.
 *
 * `explain` answers "why this interval?": the card's memory state now
 * (retrievability, stability, difficulty for FSRS; ease and interval for
 * SM-2), every past review with the state it produced -- replayed from
 * the log, which is the truth -- and what each grade would give next.
 * `grade` records an answer by hand (a review of kind "manual"), for
 * scripts and for cards studied away from recall. */
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "recall/answer.h"
#include "recall/catalog.h"
#include "recall/clock.h"
#include "recall/rng.h"
#include "recall/sched.h"

static int card_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_card = {
    .name = "card",
    .summary = "explain a card's schedule, grade or suspend it by hand",
    .usage = "usage: recall card explain [--json] <card>\n"
             "       recall card grade <card> again | hard | good | easy\n"
             "       recall card suspend | unsuspend <card>\n"
             "\n"
             "explain    why this interval: the card's state now (R, S, D for\n"
             "           FSRS; ease for SM-2), each past review with the\n"
             "           state it produced, and the interval each grade\n"
             "           would give\n"
             "grade      record an answer given now (--now) as a manual\n"
             "           review\n"
             "suspend    stop studying the card (for the current profile);\n"
             "unsuspend  study it again (also a leech, keeping its history)\n"
             "\n"
             "<card> is DECK/NOTE or DECK/NOTE#N (see 'recall cards').\n",
    .run = card_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static const char *const grade_names[] = {"again", "hard", "good", "easy"};
static const char *const state_names[] = {"new", "learning", "review",
                                          "relearning"};

static int find_id(const struct rc_card_info *card, void *arg)
{
    *(int64_t *)arg = card->card_id;
    return 0;
}

static int parse_grade(const char *s)
{
    for (int g = 0; g < 4; g++)
        if (strcmp(s, grade_names[g]) == 0)
            return g + 1;
    if (s[0] >= '1' && s[0] <= '4' && s[1] == '\0')
        return s[0] - '0';
    return 0;
}

static const char *state_name(int state)
{
    return state >= 0 && state <= 3 ? state_names[state] : "?";
}

struct explain {
    struct cli *cli;
    const struct rc_sched *sched;
    json_t *reviews; /* with --json */
};

static json_t *state_json(const struct rc_sched_state *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "state", json_string(state_name(s->state)));
    json_object_set_new(o, "stability", json_real(s->stability));
    json_object_set_new(o, "difficulty", json_real(s->difficulty));
    json_object_set_new(o, "ease", json_real(s->ease));
    json_object_set_new(o, "scheduled_days", json_integer(s->scheduled_days));
    json_object_set_new(o, "due_ms", json_integer(s->due_ms));
    json_object_set_new(o, "reps", json_integer(s->reps));
    json_object_set_new(o, "lapses", json_integer(s->lapses));
    return o;
}

static void print_memory(const struct rc_sched *sched,
                         const struct rc_sched_state *s)
{
    if (sched->algo == RC_SCHED_SM2)
        printf("ease %.2f, interval %dd", s->ease, s->interval_days);
    else
        printf("S %.2fd, D %.2f", s->stability, s->difficulty);
}

static int print_review(const struct rc_review *r,
                        const struct rc_sched_state *after, void *arg)
{
    struct explain *ex = arg;
    if (ex->reviews) {
        json_t *o = state_json(after);
        json_object_set_new(o, "time_ms", json_integer(r->time_ms));
        json_object_set_new(o, "rating", json_integer(r->rating));
        json_object_set_new(o, "kind", json_string(r->kind));
        json_array_append_new(ex->reviews, o);
        return 0;
    }
    char when[32], ivl[16];
    rc_time_format_local(r->time_ms, when, sizeof(when));
    rc_sched_format_interval(r->time_ms, after->due_ms, ivl, sizeof(ivl));
    printf("  %s  %-5s %-6s -> %-10s ", when, grade_names[r->rating - 1],
           r->kind, state_name(after->state));
    print_memory(ex->sched, after);
    printf(", next in %s\n", ivl);
    return 0;
}

int cli_card_explain(struct cli *cli, int64_t card_id, const char *name)
{
    struct rc_err err = {0};
    struct rc_card_sched cs;
    struct rc_sched_state cached, replayed, next[4];
    struct explain ex = {.cli = cli, .sched = &cs.sched};
    if (rc_card_sched_load(cli->coll, card_id, &cs, &err) < 0 ||
        rc_card_state_load(cli->coll, cli->profile_id, card_id, &cached, NULL,
                           NULL, &err) < 0)
        return cli_report(cli, &err);
    if (cli->json)
        ex.reviews = json_array();
    else
        printf("%s (%s)\nreviews:\n", name,
               cs.sched.algo == RC_SCHED_SM2 ? "SM-2" : "FSRS-6");
    /* Preview no earlier than the last review: --now may lie before it. */
    int64_t at = cli->now_ms;
    if (rc_card_replay(cli->coll, cli->profile_id, card_id, print_review, &ex,
                       &replayed, &err) == RC_OK &&
        replayed.reps > 0 && at < replayed.last_review_ms)
        at = replayed.last_review_ms;
    if (err.code != RC_OK ||
        rc_sched_preview(&cs.sched, cs.seed, &replayed, at, next, &err) < 0) {
        json_decref(ex.reviews);
        return cli_report(cli, &err);
    }
    if (memcmp(&cached, &replayed, sizeof(cached)) != 0)
        cli_warn("%s: the stored state differs from its review log; the "
                 "log is shown",
                 name);
    double r = rc_sched_retrievability(&cs.sched, &replayed, cli->now_ms);
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "card", json_string(name));
        json_object_set_new(
            o, "scheduler",
            json_string(cs.sched.algo == RC_SCHED_SM2 ? "sm2" : "fsrs"));
        json_object_set_new(o, "now", state_json(&replayed));
        json_object_set_new(o, "retrievability",
                            r < 0 ? json_null() : json_real(r));
        json_object_set_new(o, "reviews", ex.reviews);
        json_t *n = json_object();
        for (int g = 0; g < 4; g++)
            json_object_set_new(n, grade_names[g], state_json(&next[g]));
        json_object_set_new(o, "next", n);
        return cli_print_json(o);
    }
    if (replayed.reps == 0)
        printf("  (none yet)\n");
    printf("now: %s", state_name(replayed.state));
    if (replayed.reps > 0) {
        printf(", ");
        print_memory(&cs.sched, &replayed);
        if (r >= 0)
            printf(", R %.1f%%", r * 100);
    }
    printf("\nnext:");
    for (int g = 0; g < 4; g++) {
        char ivl[16];
        rc_sched_format_interval(at, next[g].due_ms, ivl, sizeof(ivl));
        printf("%s %d %s %s", g ? " ·" : "", g + 1, grade_names[g], ivl);
    }
    printf("\n");
    return CLI_OK;
}

static int grade(struct cli *cli, int64_t card_id, const char *name, int rating)
{
    struct rc_rng rng;
    rc_rng_seed(&rng, cli_random_seed());
    struct rc_answer a = {
        .profile_id = cli->profile_id,
        .card_id = card_id,
        .time_ms = cli->now_ms,
        .rating = rating,
        .kind = RC_REVIEW_MANUAL,
    };
    struct rc_sched_state after;
    struct rc_err err = {0};
    if (rc_answer_record(cli->coll, &a, &rng, &after, NULL, &err) < 0)
        return cli_report(cli, &err);
    char due[32], ivl[16];
    rc_time_format_local(after.due_ms, due, sizeof(due));
    rc_sched_format_interval(cli->now_ms, after.due_ms, ivl, sizeof(ivl));
    printf("%s: %s, %s, due %s (in %s)\n", name, grade_names[rating - 1],
           state_name(after.state), due, ivl);
    return CLI_OK;
}

static int set_suspended(struct cli *cli, int64_t card_id, const char *name,
                         bool suspended)
{
    struct rc_err err = {0};
    if (rc_card_set_suspended(cli->coll, cli->profile_id, card_id, suspended,
                              &err) < 0)
        return cli_report(cli, &err);
    printf("%s: %s\n", name, suspended ? "suspended" : "unsuspended");
    return CLI_OK;
}

static int card_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return cli_usage_error(&cmd_card, "no subcommand given");
    const char *sub = argv[1];
    int c;
    optind = 2;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c != 'j')
            return cli_usage_error(&cmd_card, "unknown option '%s'",
                                   argv[optind - 1]);
        cli->json = true;
    }
    bool is_grade = strcmp(sub, "grade") == 0;
    bool is_flag = strcmp(sub, "suspend") == 0 || strcmp(sub, "unsuspend") == 0;
    if (!is_grade && !is_flag && strcmp(sub, "explain") != 0)
        return cli_usage_error(&cmd_card, "unknown subcommand '%s'", sub);
    int want = is_grade ? 2 : 1;
    if (argc - optind != want)
        return cli_usage_error(&cmd_card, "expected %s",
                               is_grade ? "<card> and a grade" : "<card>");
    int rating = is_grade ? parse_grade(argv[optind + 1]) : 0;
    if (is_grade && !rating)
        return cli_usage_error(&cmd_card,
                               "grade '%s': expected again, hard, good, "
                               "easy or 1-4",
                               argv[optind + 1]);
    int64_t card_id = 0;
    struct rc_err err = {0};
    if (rc_card_find(cli->coll, cli->profile_id, argv[optind], find_id,
                     &card_id, &err) < 0)
        return cli_report(cli, &err);
    if (is_flag)
        return set_suspended(cli, card_id, argv[optind], sub[0] == 's');
    return is_grade ? grade(cli, card_id, argv[optind], rating)
                    : cli_card_explain(cli, card_id, argv[optind]);
}
