/* cmd_class.c -- `recall class`: the live classroom quiz (issue 7).
 *
 * `recall class host DECK` makes the questions as `recall quiz` does
 * (quiz.h picks the cards and the options of every choice from --seed),
 * hands them to a struct class_game, serves the game with
 * src/class/host.c and lets class_ui.c drive it from the teacher's
 * terminal.  `recall class join URL --name NAME` is the terminal student
 * (class_join.c).
 *
 * The deck is read as cmd_quiz.c reads it: each card's rendered
 * question and answer, its accepted answers, its options (a choice's
 * own, or its pool's items) and an order card's items.  The card's
 * stable name ("deck/note" or "deck/note#n") travels with the question,
 * so a student's --record finds the same card in their own collection. */
#include "class_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../class/host.h"
#include "deck_cards.h"
#include "recall/buf.h"
#include "recall/card.h"
#include "recall/catalog.h"
#include "recall/quiz.h"
#include "recall/rng.h"

#define DEFAULT_COUNT 10
#define DEFAULT_TIME  20

static int class_run(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_class = {
    .name = "class",
    .summary = "host or join a live classroom quiz",
    .usage =
        "usage: recall class host [--count <n>] [--time <seconds>]\n"
        "                         [--listen <addr:port>] [--report <file>]\n"
        "                         [--seed <n>] <deck>\n"
        "       recall class join [--code <code>] --name <name> [--token "
        "<token>]\n"
        "                         [--record] <url>\n"
        "\n"
        "host: serve a live quiz over <deck> on the network. It prints\n"
        "'listening on http://ADDR:PORT' and 'code NNNNNN' first; students\n"
        "open the URL in a browser (or run `recall class join`) and enter\n"
        "the code and a name. The terminal shows who joins, then each\n"
        "question, a countdown, how many have answered, the distribution\n"
        "of answers when time is up, the leaderboard after each question\n"
        "and a podium at the end. A question closes when its time is up or\n"
        "when everyone has answered. A right answer earns 1000 x (1 - t/2T)\n"
        "points (t the answer time, T the limit) plus a streak bonus of 100\n"
        "per right answer in a row before it (at most 500).\n"
        "\n"
        "  --count <n>            questions (default 10, or the whole deck)\n"
        "  --time <seconds>       the limit per question, 1 to 3600\n"
        "                         (default 20)\n"
        "  --listen <addr:port>   where to serve (default 0.0.0.0:8428;\n"
        "                         port 0 picks a free one)\n"
        "  --report <file>        at the end write, per student and\n"
        "                         question, the answer, right, time and\n"
        "                         points: <file>.csv or <file>.json (may\n"
        "                         be given twice, for both)\n"
        "  --seed <n>             the same questions and options every time\n"
        "\n"
        "Keys on a terminal: Enter starts the game and goes to the next\n"
        "question (closing an open one), p pauses and resumes, s skips the\n"
        "open question, q ends the game; after the podium Enter or q\n"
        "closes the host. When stdin is not a terminal it reads the same\n"
        "commands one a line: an empty line or 'next', 'p', 's', 'q'.\n"
        "The end of input ends the game and closes the host. Output lines\n"
        "on a pipe: 'joined: NAME (N players)', '[question N of M] TEXT',\n"
        "'answered: N of M', 'closed: question N', 'leaderboard:',\n"
        "'podium:', 'over'.\n"
        "\n"
        "join: play from this terminal as <name>. The URL is the host's\n"
        "(http://ADDR:PORT). It prints 'token TOKEN' once joined; give it\n"
        "back with --token to rejoin with your score after a disconnect.\n"
        "Each question is shown with its options numbered; answer a choice\n"
        "by its number, a typed question by the text, an order question by\n"
        "the numbers of the items in order ('2 3 1'). When stdin is not a\n"
        "terminal, one line per question is read as the answer, an empty\n"
        "line giving none.\n"
        "\n"
        "  --code <code>      the six-digit code the host shows (or end\n"
        "                     the URL in ?code=NNNNNN, as the host prints)\n"
        "  --name <name>      your name in the game (1-24 characters)\n"
        "  --token <token>    rejoin as <name> with the token given at join\n"
        "  --record           log each answer as a review of kind 'quiz' in\n"
        "                     your collection (right: Good, else Again) when\n"
        "                     it holds the question's card; other questions\n"
        "                     are skipped silently\n",
    .run = class_run,
    .flags = CLI_NEEDS_COLLECTION,
};

/* ---- Arguments -------------------------------------------------------- */

static int parse_number(const char *opt, const char *s, long long lo,
                        long long hi, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(s, &end, 10);
    if (end == s || *end || errno || n < lo || n > hi)
        return cli_usage_error(&cmd_class,
                               "%s needs a number from %lld to %lld, not "
                               "'%s'",
                               opt, lo, hi, s);
    *out = n;
    return CLI_OK;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcmp(s + n - t, tail) == 0;
}

static int parse_host_option(int c, struct class_host_opts *o)
{
    long long n = 0;
    int rc = CLI_OK;
    switch (c) {
    case 'n':
        rc = parse_number("--count", optarg, 1, CLASS_MAX_QUESTIONS, &n);
        o->count = (size_t)n;
        return rc;
    case 't':
        rc = parse_number("--time", optarg, CLASS_MIN_LIMIT_MS / 1000,
                          CLASS_MAX_LIMIT_MS / 1000, &n);
        o->limit_ms = n * 1000;
        return rc;
    case 's':
        rc = parse_number("--seed", optarg, 0, INT64_MAX, &n);
        o->seed = (uint64_t)n;
        return rc;
    case 'l':
        o->listen = optarg;
        return CLI_OK;
    default: /* 'r' */
        if (o->n_report == CLASS_MAX_REPORTS)
            return cli_usage_error(&cmd_class, "at most %d --report files",
                                   CLASS_MAX_REPORTS);
        if (!ends_with(optarg, ".csv") && !ends_with(optarg, ".json"))
            return cli_usage_error(&cmd_class,
                                   "--report needs a file ending in .csv or "
                                   ".json, not '%s'",
                                   optarg);
        o->report[o->n_report++] = optarg;
        return CLI_OK;
    }
}

static int parse_host_args(int argc, char **argv, struct class_host_opts *o)
{
    static const struct option opts[] = {
        {"count", required_argument, NULL, 'n'},
        {"time", required_argument, NULL, 't'},
        {"listen", required_argument, NULL, 'l'},
        {"report", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == ':')
            return cli_usage_error(&cmd_class, "option '%s' needs a value",
                                   argv[optind - 1]);
        if (c == '?')
            return cli_usage_error(&cmd_class, "unknown option '%s'",
                                   argv[optind - 1]);
        int rc = parse_host_option(c, o);
        if (rc != CLI_OK)
            return rc;
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_class, "no deck given");
    if (argc - optind > 1)
        return cli_usage_error(&cmd_class, "unexpected argument '%s'",
                               argv[optind + 1]);
    o->deck = argv[optind];
    return CLI_OK;
}

/* ---- The deck ---------------------------------------------------------- */

/* ---- The game ---------------------------------------------------------- */

/* Tokens are secrets: they come from the kernel's generator. */
static void urandom(void *arg, unsigned char *buf, size_t len)
{
    FILE *f = arg;
    if (fread(buf, 1, len, f) != len)
        abort(); /* no entropy: no safe token to give */
}

static int game_make(const struct deck_cards *d, const struct rc_quiz *quiz,
                     int64_t limit_ms, FILE *rnd, struct class_game **out)
{
    struct class_question *q = rc_xcalloc(quiz->n, sizeof(*q));
    for (size_t i = 0; i < quiz->n; i++) {
        const struct rc_quiz_question *qq = &quiz->v[i];
        const struct card_copy *c = &d->own[qq->card];
        q[i] = (struct class_question){
            .ask = qq->ask,
            .text = c->question,
            .card = c->name,
            .answer = c->answer,
            .accept = &c->accept,
            .ignore_accents = c->ignore_accents,
            .options = qq->ask == RC_QUIZ_ASK_ORDER ? &c->items : &qq->options,
            .answer_option = qq->answer_option,
        };
    }
    struct rc_err err = {0};
    int rc = class_game_new(q, quiz->n, limit_ms, urandom, rnd, out, &err);
    free(q);
    return rc < 0 ? cli_error("%s", err.msg) : CLI_OK;
}

static void log_line(void *arg, const char *line)
{
    (void)arg;
    fprintf(stderr, "recall: class: %s\n", line);
}

static int serve(struct cli *cli, struct class_game *g,
                 const struct class_host_opts *o)
{
    struct class_host_config cfg = {.listen = o->listen, .log = log_line};
    struct class_host *host = NULL;
    struct rc_err err = {0};
    if (class_host_start(&cfg, g, &host, &err) < 0)
        return cli_report(cli, &err);
    printf("listening on %s\ncode %s\n", class_host_url(host),
           class_game_code(g));
    printf("students: open %s/class?code=%s, or run\n"
           "  recall class join --name NAME %s/class?code=%s\n",
           class_host_url(host), class_game_code(g), class_host_url(host),
           class_game_code(g));
    fflush(stdout);
    int rc = class_ui_run(cli, host, o);
    class_host_stop(host);
    return rc;
}

static int host_run(struct cli *cli, int argc, char **argv)
{
    struct class_host_opts o = {
        .count = DEFAULT_COUNT,
        .limit_ms = DEFAULT_TIME * 1000,
        .seed = cli_random_seed() >> 11,
    };
    int rc = parse_host_args(argc, argv, &o);
    if (rc != CLI_OK)
        return rc;
    struct deck_cards d = {0};
    struct rc_quiz quiz = {0};
    struct class_game *g = NULL;
    struct rc_err err = {0};
    FILE *rnd = fopen("/dev/urandom", "rb");
    if (!rnd)
        rc = cli_error("cannot open /dev/urandom: %s", strerror(errno));
    if (rc == CLI_OK)
        rc = deck_cards_load(cli, o.deck, &d);
    if (rc == CLI_OK && rc_quiz_build(d.v, d.n, o.count, RC_QUIZ_MIXED, o.seed,
                                      &quiz, &err) < 0)
        rc = cli_report(cli, &err);
    if (rc == CLI_OK)
        rc = game_make(&d, &quiz, o.limit_ms, rnd, &g);
    if (rc == CLI_OK)
        rc = serve(cli, g, &o);
    class_game_free(g);
    rc_quiz_release(&quiz);
    deck_cards_release(&d);
    if (rnd)
        fclose(rnd);
    return rc;
}

static int class_run(struct cli *cli, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(&cmd_class, "expected 'host' or 'join'");
    optind = 0; /* getopt afresh, from the subcommand's own argv */
    if (strcmp(argv[1], "host") == 0)
        return host_run(cli, argc - 1, argv + 1);
    if (strcmp(argv[1], "join") == 0)
        return class_join_run(cli, argc - 1, argv + 1);
    return cli_usage_error(&cmd_class, "unknown subcommand '%s'", argv[1]);
}
