/* cmd_review.c -- `recall review`: the daily study session.
 *
 * The loop: take the next card from today's queue (queue.c), put it to
 * the learner (present.c), show the answer with the interval each grade
 * would give, take a grade -- suggested when the program could check the
 * answer -- and record it (answer.c) before showing anything else, so
 * Ctrl-C, Ctrl-D or a kill never loses an answer.  Learning cards come
 * back in the same session when they fall due.
 *
 * Commands work at every prompt: :undo puts the last answer back exactly
 * as it was and shows its card again; :bury and :suspend set the current
 * card aside; :source, :explain and :edit look behind it; :help, :quit.
 *
 * The clock: --now pins the whole session to one instant, which makes a
 * scripted session reproducible; otherwise each answer is timed by the
 * system clock. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "present.h"
#include "recall/answer.h"
#include "recall/clock.h"
#include "recall/queue.h"
#include "recall/sched.h"
#include "review_cmds.h"
#include "term.h"

static int review_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_review = {
    .name = "review",
    .summary = "study the cards due today",
    .usage =
        "usage: recall review [--seed <n>] [<deck>...]\n"
        "\n"
        "Study today's cards of the given decks (default: all): learning\n"
        "cards due now, reviews due today and new cards, within each\n"
        "deck's daily limits. Each card asks for its answer the way its\n"
        "kind needs, shows the right one with the source quote, and offers\n"
        "the four grades with the interval each would give:\n"
        "  1 Again <10m · 2 Hard 2d · 3 Good 4d · 4 Easy 9d\n"
        "Enter accepts the suggested grade. Every answer is saved at once.\n"
        "\n"
        "Commands at any prompt: :undo :bury :suspend :source :explain\n"
        ":edit :help :quit (Tab completes them on a terminal).\n"
        "\n"
        "When stdin is not a terminal the session speaks the line protocol\n"
        "of docs/review-protocol.md: each prompt on its own line ending in\n"
        "'> ', one input line per prompt, no colour.\n"
        "\n"
        "  --seed <n>   shuffle choice and order cards reproducibly\n",
    .run = review_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t session_now(const struct session *s)
{
    return s->cli->now_pinned ? s->cli->now_ms : rc_clock_system_ms();
}

static void print_progress(struct session *s)
{
    size_t n_new, n_learn, n_review;
    rc_queue_counts(s->queue, &n_new, &n_learn, &n_review);
    printf("%s[new %zu · learning %zu · review %zu]%s\n", term_dim(s->cli),
           n_new, n_learn, n_review, term_reset(s->cli));
}

/* "1 Again <10m · 2 Hard 2d · 3 Good 4d · 4 Easy 9d" */
static int print_grades(struct session *s, int64_t card_id, int64_t now)
{
    static const char *const names[] = {"Again", "Hard", "Good", "Easy"};
    struct rc_card_sched cs;
    struct rc_sched_state st, next[4];
    struct rc_err err = {0};
    if (rc_card_sched_load(s->cli->coll, card_id, &cs, &err) < 0 ||
        rc_card_state_load(s->cli->coll, s->cli->profile_id, card_id, &st, NULL,
                           NULL, &err) < 0 ||
        rc_sched_preview(&cs.sched, cs.seed, &st, now, next, &err) < 0)
        return cli_report(s->cli, &err);
    for (int g = 0; g < 4; g++) {
        char ivl[16];
        rc_sched_format_interval(now, next[g].due_ms, ivl, sizeof(ivl));
        printf("%s%d %s %s", g ? " · " : "", g + 1, names[g], ivl);
    }
    putchar('\n');
    return CLI_OK;
}

static int suggested_grade(const struct asked *a)
{
    if (!a->checked)
        return 0;
    return a->result == RC_CHECK_RIGHT    ? 3
           : a->result == RC_CHECK_ALMOST ? 2
                                          : 1;
}

/* Read a grade: 1-4, or Enter for the suggestion.  Returns the grade, 0
 * for a command (in *command), -1 at end of input. */
static int read_grade(struct session *s, int suggestion, const char **command)
{
    char prompt[32];
    if (suggestion)
        snprintf(prompt, sizeof(prompt), "grade [%d]> ", suggestion);
    else
        snprintf(prompt, sizeof(prompt), "grade (1-4)> ");
    for (;;) {
        const char *line = repl_read(&s->repl, prompt);
        if (!line)
            return -1;
        if (line[0] == ':') {
            *command = line;
            return 0;
        }
        if (!line[0] && suggestion)
            return suggestion;
        if (line[0] >= '1' && line[0] <= '4' && !line[1])
            return line[0] - '0';
        printf("type 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)%s\n",
               suggestion ? ", or Enter to accept the suggestion" : "");
    }
}

/* Record grade 'g' for the card, keeping what :undo needs. */
static int record(struct session *s, const struct rc_queue_card *qc,
                  const struct card_view *v, int g, int64_t shown_mono)
{
    struct rc_err err = {0};
    struct rc_card_snapshot before;
    struct rc_answer a = {
        .profile_id = s->cli->profile_id,
        .card_id = qc->card_id,
        .time_ms = session_now(s),
        .rating = g,
        .duration_ms = mono_ms() - shown_mono,
        .kind = RC_REVIEW_STUDY,
    };
    struct rc_sched_state after;
    char id[33];
    if (rc_card_snapshot_take(s->cli->coll, a.profile_id, a.card_id, &before,
                              &err) < 0 ||
        rc_answer_record(s->cli->coll, &a, &s->rng, &after, id, &err) < 0)
        return cli_report(s->cli, &err);
    s->undo.valid = true;
    s->undo.card = *qc;
    s->undo.before = before;
    memcpy(s->undo.review_id, id, sizeof(id));
    s->undo.was_right = g > 1;
    s->answered++;
    s->right += g > 1;
    bool learning = after.state == 1 || after.state == 3;
    rc_queue_done(s->queue, qc->card_id, learning ? after.due_ms : 0);
    (void)v;
    return CLI_OK;
}

/* One card's turn.  Returns CLI_OK to go on, or TURN_QUIT / TURN_EOF. */
static int turn(struct session *s, const struct rc_queue_card *qc)
{
    struct card_view v;
    if (card_view_load(s->cli, qc->card_id, s->seed, &v) != CLI_OK)
        return CLI_ERROR;
    print_progress(s);
    int64_t shown = mono_ms();
    struct asked a;
    present_ask(s->cli, &s->repl, &v, &a);
    int rc = CLI_OK;
    const char *command = a.command;
    if (a.eof) {
        rc = TURN_EOF;
    } else if (!command) {
        present_reveal(s->cli, &v, &a);
        rc = print_grades(s, qc->card_id, session_now(s));
        int g = rc == CLI_OK ? read_grade(s, suggested_grade(&a), &command) : 0;
        if (g < 0)
            rc = TURN_EOF;
        else if (g > 0)
            rc = record(s, qc, &v, g, shown);
    }
    if (command)
        rc = review_command(s, qc, &v, command);
    asked_release(&a);
    card_view_release(&v);
    return rc;
}

static void print_summary(struct session *s)
{
    int64_t secs = (mono_ms() - s->started_mono) / 1000;
    printf("\nstudied %zu card%s", s->answered, s->answered == 1 ? "" : "s");
    if (s->answered)
        printf(", %zu%% right", s->right * 100 / s->answered);
    printf(", in %lldm %02llds\n", (long long)(secs / 60),
           (long long)(secs % 60));
    int64_t next = 0;
    struct rc_err err = {0};
    int64_t now = session_now(s);
    if (rc_next_due_ms(s->cli->coll, s->cli->profile_id, now, &next, &err) ==
            RC_OK &&
        next) {
        char when[32], ivl[16];
        rc_time_format_local(next, when, sizeof(when));
        rc_sched_format_interval(now, next, ivl, sizeof(ivl));
        printf("next card due %s (in %s)\n", when, ivl);
    }
}

static int session_loop(struct session *s)
{
    for (;;) {
        struct rc_queue_card qc;
        if (!rc_queue_next(s->queue, session_now(s), &qc)) {
            if (s->answered == 0)
                printf("Nothing to study now.\n");
            return CLI_OK;
        }
        int rc = turn(s, &qc);
        if (rc == TURN_QUIT || rc == TURN_EOF)
            return CLI_OK;
        if (rc != CLI_OK)
            return rc;
    }
}

static int review_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    struct session s = {.cli = cli, .started_mono = mono_ms()};
    s.seed = cli_random_seed();
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        char *end = NULL;
        if (c != 's')
            return cli_usage_error(&cmd_review, "unknown option '%s'",
                                   argv[optind - 1]);
        s.seed = strtoull(optarg, &end, 10);
        if (end == optarg || *end)
            return cli_usage_error(&cmd_review, "--seed needs a number");
    }
    rc_rng_seed(&s.rng, cli_random_seed());
    s.decks = (const char *const *)argv + optind;
    s.n_decks = (size_t)(argc - optind);
    struct rc_err err = {0};
    if (rc_queue_build(cli->coll, cli->profile_id, s.decks, s.n_decks,
                       session_now(&s), &s.queue, &err) < 0)
        return cli_report(cli, &err);
    repl_init(&s.repl, review_command_names);
    int rc = session_loop(&s);
    print_summary(&s);
    repl_release(&s.repl);
    rc_queue_free(s.queue);
    return rc;
}
