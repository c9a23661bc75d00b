/* cmd_quiz.c -- `recall quiz`: a scored test over one deck.
 *
 * A quiz asks a sample of a deck's cards (quiz.c picks them, and the
 * options of every choice, from --seed), checks each answer as review
 * does (present.c, check.c), and ends with a score and a report per
 * question.  It is a test, not study: the schedule and the review log
 * are left alone unless --record is given, and then each answer is
 * logged at once as a review of kind 'quiz' (right: Good, else Again),
 * so an interrupted quiz loses no recorded answer.  The run itself --
 * score, and each question's answer, time and points -- is kept for the
 * profile when the quiz ends, for `recall quiz --history`.
 *
 * Time: --time gives each question a limit, measured on the monotonic
 * clock from the moment the question is shown to the answer, so a
 * pinned --now does not stop it; a right answer after the limit scores
 * nothing and is reported late.  The run's own times follow --now.
 *
 * Output: the dialogue speaks the review line protocol (prompts on their
 * own line ending in "> ", no colour off a terminal).  With --json the
 * dialogue moves to stderr so that stdout carries one JSON document, the
 * run; --csv FILE writes the per-question report as CSV besides. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deck_cards.h"
#include "present.h"
#include "quiz_out.h"
#include "recall/answer.h"
#include "recall/buf.h"
#include "recall/card.h"
#include "recall/catalog.h"
#include "recall/clock.h"
#include "recall/quiz.h"
#include "recall/rng.h"
#include "repl.h"
#include "term.h"

#define DEFAULT_COUNT 10
#define TURN_END      (-1)  /* a turn's answer: :quit or end of input */
#define MAX_TIME_S    86400 /* --time ceiling: a day per question */

static int quiz_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_quiz = {
    .name = "quiz",
    .summary = "a scored test over a deck",
    .usage =
        "usage: recall quiz [--count <n>] [--kind choice | typed | mixed]\n"
        "                   [--time <seconds>] [--seed <n>] [--record]\n"
        "                   [--json] [--csv <file>] <deck>\n"
        "       recall quiz --history [--json] [<deck>]\n"
        "\n"
        "Ask <n> cards of the deck, drawn at random, and score the answers:\n"
        "a right answer is 1 point; a near miss ('almost') and a late\n"
        "answer score nothing but are reported as such. The quiz ends with\n"
        "the score and a report per question, and is kept for the profile.\n"
        "The schedule is left alone unless --record is given.\n"
        "\n"
        "Any card can be a choice: its wrong options are the answers of\n"
        "other cards of the deck that share a tag with it (other cards only\n"
        "when too few do), never the right answer and never twice, the\n"
        "likeliest first: the same shape (a year among years), the same\n"
        "kind of card, a similar length. Choice cards keep their own\n"
        "options; order cards are always asked as order.\n"
        "\n"
        "  --count <n>        questions, 1 to 10000 (default 10, or the\n"
        "                     whole deck when smaller)\n"
        "  --kind <kind>      choice: every card a choice; typed: type every\n"
        "                     answer; mixed (default): each card its own\n"
        "                     way, basic and reversed cards as a choice\n"
        "  --time <seconds>   a limit per question; a later answer is wrong\n"
        "  --seed <n>         the same cards and options every time\n"
        "  --record           log each answer as a review of kind 'quiz'\n"
        "                     (right: Good, else Again)\n"
        "  --json             print the run as one JSON document; the\n"
        "                     questions and prompts go to stderr\n"
        "  --csv <file>       write the report to <file>: position,card,\n"
        "                     question,given,answer,right,almost,time_ms\n"
        "  --history          list the profile's past quizzes (of <deck>)\n"
        "\n"
        "At any prompt: :quit ends the quiz (answered questions are kept),\n"
        ":help lists the commands. When stdin is not a terminal the quiz\n"
        "speaks the line protocol of docs/review-protocol.md: each question\n"
        "opens with a line '[question N of M]', and the verdict and the\n"
        "right answer follow the answer, with no grade to give.\n",
    .run = quiz_run,
    .flags = CLI_NEEDS_COLLECTION,
};

static const char *const quiz_commands[] = {":help", ":quit", NULL};

struct quiz_opts {
    size_t count;
    enum rc_quiz_mode mode;
    int64_t limit_ms; /* 0: no limit */
    uint64_t seed;
    bool record;
    bool history;
    bool quiz_only; /* an option --history does not take was given */
    const char *csv;
    const char *deck;
};

/* What the quiz keeps of a card: the borrowed view quiz.c takes, and
 * the copies it borrows from. */
/* One answered question. */
struct result {
    size_t question; /* index into the quiz */
    char *given;     /* the option's text for a choice picked by number */
    enum rc_check_result check;
    bool late;
    int64_t time_ms;
    int points;
};

struct session {
    struct cli *cli;
    const struct quiz_opts *o;
    int64_t deck_id;
    struct deck_cards cards;
    struct rc_quiz quiz;
    struct repl repl;
    struct rc_rng rng; /* review ids for --record */
    struct result *res;
    size_t n_res;
    int64_t started_ms;
    int64_t finished_ms;
    int64_t run_id;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t now_ms(const struct cli *cli)
{
    return cli->now_pinned ? cli->now_ms : rc_clock_system_ms();
}

/* ---- Arguments -------------------------------------------------------- */

static int parse_count(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (end == s || *end || errno || n < 1 || n > RC_QUIZ_MAX_COUNT)
        return cli_usage_error(&cmd_quiz,
                               "--count needs a number from 1 to %d, not '%s'",
                               RC_QUIZ_MAX_COUNT, s);
    *out = (size_t)n;
    return CLI_OK;
}

static int parse_time(const char *s, int64_t *out_ms)
{
    char *end = NULL;
    errno = 0;
    double secs = strtod(s, &end);
    if (end == s || *end || errno || !(secs > 0) || secs > MAX_TIME_S)
        return cli_usage_error(&cmd_quiz,
                               "--time needs seconds, more than 0 and at most "
                               "%d, not '%s'",
                               MAX_TIME_S, s);
    *out_ms = (int64_t)(secs * 1000 + 0.5);
    if (*out_ms < 1)
        *out_ms = 1;
    return CLI_OK;
}

/* Seeds are kept to 63 bits: SQLite and JSON hold them as they are. */
static int parse_seed(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (end == s || *end || errno || s[0] == '-' || n > INT64_MAX)
        return cli_usage_error(&cmd_quiz,
                               "--seed needs a number from 0 to %lld, not "
                               "'%s'",
                               (long long)INT64_MAX, s);
    *out = n;
    return CLI_OK;
}

static int parse_option(int c, struct quiz_opts *o, struct cli *cli)
{
    struct rc_err err = {0};
    o->quiz_only |= c != 'j' && c != 'H';
    switch (c) {
    case 'n':
        return parse_count(optarg, &o->count);
    case 'k':
        if (rc_quiz_mode_parse(optarg, &o->mode, &err) < 0)
            return cli_usage_error(&cmd_quiz, "%s", err.msg);
        return CLI_OK;
    case 't':
        return parse_time(optarg, &o->limit_ms);
    case 's':
        return parse_seed(optarg, &o->seed);
    case 'r':
        o->record = true;
        return CLI_OK;
    case 'c':
        o->csv = optarg;
        return CLI_OK;
    case 'j':
        cli->json = true;
        return CLI_OK;
    default: /* 'H' */
        o->history = true;
        return CLI_OK;
    }
}

static int parse_args(struct cli *cli, int argc, char **argv,
                      struct quiz_opts *o)
{
    static const struct option opts[] = {
        {"count", required_argument, NULL, 'n'},
        {"kind", required_argument, NULL, 'k'},
        {"time", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 's'},
        {"record", no_argument, NULL, 'r'},
        {"csv", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"history", no_argument, NULL, 'H'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == ':')
            return cli_usage_error(&cmd_quiz, "option '%s' needs a value",
                                   argv[optind - 1]);
        if (c == '?')
            return cli_usage_error(&cmd_quiz, "unknown option '%s'",
                                   argv[optind - 1]);
        int rc = parse_option(c, o, cli);
        if (rc != CLI_OK)
            return rc;
    }
    if (o->history && o->quiz_only)
        return cli_usage_error(&cmd_quiz,
                               "--history takes only --json and a deck");
    if (argc - optind > 1)
        return cli_usage_error(&cmd_quiz, "unexpected argument '%s'",
                               argv[optind + 1]);
    o->deck = optind < argc ? argv[optind] : NULL;
    if (!o->deck && !o->history)
        return cli_usage_error(&cmd_quiz, "no deck given");
    return CLI_OK;
}

/* ---- The deck ---------------------------------------------------------- */

struct deck_find {
    const char *key;
    int64_t id;
    bool found;
};

static int match_deck(const struct rc_deck_summary *d, void *arg)
{
    struct deck_find *f = arg;
    if (strcmp(d->key, f->key) != 0)
        return 0;
    f->id = d->id;
    f->found = true;
    return 1;
}

static int find_deck(struct cli *cli, const char *key, int64_t *id)
{
    struct deck_find f = {.key = key};
    struct rc_err err = {0};
    if (rc_decks_each(cli->coll, cli->profile_id, cli->now_ms, match_deck, &f,
                      &err) < 0)
        return cli_report(cli, &err);
    if (!f.found)
        return cli_error("no deck '%s'", key);
    *id = f.id;
    return CLI_OK;
}

static void copy_list(struct rc_strlist *dst, const struct rc_strlist *src)
{
    for (size_t i = 0; i < src->n; i++)
        rc_strlist_add(dst, src->v[i]);
}

static int cards_load(struct session *s)
{
    return deck_cards_load(s->cli, s->o->deck, &s->cards);
}

/* ---- Asking ------------------------------------------------------------ */

/* Make the loaded card 'v' ask what question 'q' says: the quiz's own
 * options for a choice, a typed answer, or the card's order items. */
static void view_adapt(struct card_view *v, const struct rc_quiz_question *q)
{
    if (q->ask == RC_QUIZ_ASK_ORDER)
        return;
    rc_strlist_release(&v->shown);
    if (q->ask == RC_QUIZ_ASK_CHOICE) {
        v->kind = RC_KIND_CHOICE;
        copy_list(&v->shown, &q->options);
    } else {
        v->kind = RC_KIND_TYPED;
    }
}

/* What was answered, in words: a choice's number becomes its option. */
static char *given_text(const struct rc_quiz_question *q, const char *line)
{
    char *end = NULL;
    long k = strtol(line, &end, 10);
    if (q->ask == RC_QUIZ_ASK_CHOICE && end != line && !*end && k >= 1 &&
        (size_t)k <= q->options.n)
        return rc_xstrdup(q->options.v[k - 1]);
    return rc_xstrdup(line);
}

/* Ask until an answer comes.  Returns 1 for an answer in 'a', 0 to end
 * the quiz (:quit or end of input). */
static int ask(struct session *s, const struct card_view *v, struct asked *a)
{
    for (;;) {
        present_ask(s->cli, &s->repl, v, a);
        if (a->eof)
            return 0;
        if (!a->command)
            return 1;
        if (strcmp(a->command, ":quit") == 0)
            return 0;
        if (strcmp(a->command, ":help") != 0)
            printf("unknown command '%s'\n", a->command);
        printf("commands: :quit ends the quiz (answers so far are kept), "
               ":help\n");
        asked_release(a);
    }
}

static int record(struct session *s, int64_t card_id, const struct result *r)
{
    struct rc_err err = {0};
    struct rc_answer a = {
        .profile_id = s->cli->profile_id,
        .card_id = card_id,
        .time_ms = now_ms(s->cli),
        .rating = r->points > 0 ? 3 : 1,
        .duration_ms = r->time_ms,
        .kind = RC_REVIEW_QUIZ,
    };
    if (rc_answer_record(s->cli->coll, &a, &s->rng, NULL, NULL, &err) < 0)
        return cli_report(s->cli, &err);
    return CLI_OK;
}

static void print_late(const struct session *s, const struct result *r)
{
    printf("%slate: %.1f s, over the limit of %.1f s: no point%s\n",
           term_bold(s->cli), (double)r->time_ms / 1000,
           (double)s->o->limit_ms / 1000, term_reset(s->cli));
}

/* Put question 'i' and keep its result.  Returns CLI_OK, TURN_END, or
 * an exit code after an error. */
static int turn(struct session *s, size_t i)
{
    const struct rc_quiz_question *q = &s->quiz.v[i];
    int64_t card_id = s->cards.v[q->card].card_id;
    struct card_view v;
    if (card_view_load(s->cli, card_id, s->o->seed, &v) != CLI_OK)
        return CLI_ERROR;
    view_adapt(&v, q);
    printf("%s[question %zu of %zu]%s\n", term_dim(s->cli), i + 1, s->quiz.n,
           term_reset(s->cli));
    int64_t shown = mono_ms();
    struct asked a;
    int rc = ask(s, &v, &a) ? CLI_OK : TURN_END;
    if (rc == CLI_OK) {
        struct result *r = &s->res[s->n_res++];
        r->question = i;
        r->given = given_text(q, a.given);
        r->check = a.result;
        r->time_ms = mono_ms() - shown;
        r->late = s->o->limit_ms && r->time_ms > s->o->limit_ms;
        r->points = rc_quiz_points(r->check, r->late);
        present_reveal(s->cli, &v, &a);
        if (r->late)
            print_late(s, r);
        if (s->o->record)
            rc = record(s, card_id, r);
    }
    asked_release(&a);
    card_view_release(&v);
    return rc;
}

static int quiz_loop(struct session *s)
{
    s->res = rc_xcalloc(s->quiz.n ? s->quiz.n : 1, sizeof(*s->res));
    repl_init(&s->repl, quiz_commands);
    int rc = CLI_OK;
    for (size_t i = 0; i < s->quiz.n && rc == CLI_OK; i++)
        rc = turn(s, i);
    repl_release(&s->repl);
    return rc == TURN_END ? CLI_OK : rc;
}

/* ---- The run ----------------------------------------------------------- */

/* The run as quiz_out.c reports it; items borrow from the session and
 * are freed with free(). */
static struct quiz_item *items_make(const struct session *s, int *score)
{
    struct quiz_item *items =
        rc_xcalloc(s->n_res ? s->n_res : 1, sizeof(*items));
    *score = 0;
    for (size_t i = 0; i < s->n_res; i++) {
        const struct result *r = &s->res[i];
        const struct rc_quiz_question *q = &s->quiz.v[r->question];
        const struct card_copy *c = &s->cards.own[q->card];
        items[i] = (struct quiz_item){
            .card = c->name,
            .question = c->question,
            .answer = c->answer,
            .given = r->given,
            .ask = q->ask,
            .options = q->ask == RC_QUIZ_ASK_CHOICE ? &q->options : NULL,
            .check = r->check,
            .late = r->late,
            .time_ms = r->time_ms,
            .points = r->points,
        };
        *score += r->points;
    }
    return items;
}

/* Keep the run for the profile: what --history lists. */
static int save_run(struct session *s, const struct quiz_outcome *o)
{
    struct rc_quiz_answer *a = rc_xcalloc(o->n ? o->n : 1, sizeof(*a));
    for (size_t i = 0; i < o->n; i++) {
        const struct quiz_item *it = &o->items[i];
        a[i] = (struct rc_quiz_answer){
            .position = i + 1,
            .card_id = s->cards.v[s->quiz.v[s->res[i].question].card].card_id,
            .question = it->question,
            .given = it->given,
            .right = it->points > 0,
            .almost = it->check == RC_CHECK_ALMOST,
            .time_ms = it->time_ms,
            .points = it->points,
        };
    }
    struct rc_quiz_run run = {
        .profile_id = s->cli->profile_id,
        .deck_id = s->deck_id,
        .started_ms = o->started_ms,
        .finished_ms = o->finished_ms,
        .kind = o->kind,
        .count = (int64_t)o->n,
        .score = o->score,
        .seed = o->seed,
    };
    struct rc_err err = {0};
    int rc = rc_quiz_run_save(s->cli->coll, &run, a, o->n, &err);
    free(a);
    if (rc < 0)
        return cli_report(s->cli, &err);
    s->run_id = run.id;
    return CLI_OK;
}

/* Store the run and report it as asked.  A run with no answer is
 * neither stored nor reported beyond one line. */
static int finish(struct session *s)
{
    struct quiz_outcome o = {
        .deck = s->o->deck,
        .profile = s->cli->profile,
        .kind = rc_quiz_mode_name(s->o->mode),
        .seed = s->o->seed,
        .started_ms = s->started_ms,
        .finished_ms = now_ms(s->cli),
        .limit_ms = s->o->limit_ms,
        .recorded = s->o->record,
        .n = s->n_res,
    };
    struct quiz_item *items = items_make(s, &o.score);
    o.items = items;
    int rc = o.n ? save_run(s, &o) : CLI_OK;
    o.run_id = s->run_id;
    if (rc == CLI_OK && s->o->csv)
        rc = quiz_write_csv(&o, s->o->csv);
    if (rc == CLI_OK && s->cli->json)
        rc = quiz_print_json(&o);
    else if (rc == CLI_OK && o.n)
        quiz_print_text(s->cli, &o);
    else if (rc == CLI_OK)
        printf("\nNo question answered: nothing kept.\n");
    free(items);
    return rc;
}

static void session_release(struct session *s)
{
    for (size_t i = 0; i < s->n_res; i++)
        free(s->res[i].given);
    free(s->res);
    rc_quiz_release(&s->quiz);
    deck_cards_release(&s->cards);
}

/* Under --json the dialogue goes to stderr, so that stdout carries the
 * document alone; returns the saved stdout, or -1. */
static int dialogue_to_stderr(void)
{
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved >= 0 && dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        close(saved);
        saved = -1;
    }
    return saved;
}

static void dialogue_back(int saved)
{
    if (saved < 0)
        return;
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
}

static int take_quiz(struct session *s)
{
    struct rc_err err = {0};
    int rc = find_deck(s->cli, s->o->deck, &s->deck_id);
    if (rc == CLI_OK)
        rc = cards_load(s);
    if (rc == CLI_OK &&
        rc_quiz_build(s->cards.v, s->cards.n, s->o->count, s->o->mode,
                      s->o->seed, &s->quiz, &err) < 0)
        rc = cli_report(s->cli, &err);
    if (rc != CLI_OK)
        return rc;
    rc_rng_seed(&s->rng, cli_random_seed());
    s->started_ms = now_ms(s->cli);
    int saved = s->cli->json ? dialogue_to_stderr() : -1;
    rc = quiz_loop(s);
    dialogue_back(saved);
    return rc == CLI_OK ? finish(s) : rc;
}

static int quiz_run(struct cli *cli, int argc, char **argv)
{
    struct quiz_opts o = {
        .count = DEFAULT_COUNT,
        .mode = RC_QUIZ_MIXED,
        /* 53 bits: a seed a reader can copy back from --json intact. */
        .seed = cli_random_seed() >> 11,
    };
    int rc = parse_args(cli, argc, argv, &o);
    if (rc != CLI_OK)
        return rc;
    if (o.history) {
        int64_t id;
        if (o.deck && find_deck(cli, o.deck, &id) != CLI_OK)
            return CLI_ERROR;
        return quiz_print_history(cli, o.deck);
    }
    struct session s = {.cli = cli, .o = &o};
    rc = take_quiz(&s);
    session_release(&s);
    return rc;
}
