/* quiz_out.c -- a quiz run reported as text, JSON or CSV; the history.
 *
 * The three reports say the same thing about a run, each for its
 * reader: text for the learner at the end of a quiz, JSON for scripts
 * (one document, built with jansson, times as *_ms integers), CSV for a
 * spreadsheet or a teacher's gradebook.  They are kept apart from the
 * asking (cmd_quiz.c) so that the dialogue and its reports can each be
 * read, and changed, on their own.
 *
 * The text report shows each answer's time to a tenth of a second: it
 * is for people.  JSON and CSV give whole milliseconds, as measured.
 * An order card's answer is its items one a line; text puts them on one
 * line, JSON and CSV keep them as they are (CSV quotes them). */
#include "quiz_out.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "recall/clock.h"
#include "term.h"

const char *quiz_verdict(const struct quiz_item *it)
{
    if (it->late)
        return "late";
    return it->check == RC_CHECK_RIGHT    ? "right"
           : it->check == RC_CHECK_ALMOST ? "almost"
                                          : "wrong";
}

static const char *ask_name(enum rc_quiz_ask ask)
{
    return ask == RC_QUIZ_ASK_CHOICE  ? "choice"
           : ask == RC_QUIZ_ASK_ORDER ? "order"
                                      : "typed";
}

/* ---- Text -------------------------------------------------------------- */

/* 'text' on one line: the lines of an order card's list joined by ", ". */
static void print_flat(const char *text)
{
    for (;;) {
        size_t len = strcspn(text, "\n");
        fwrite(text, 1, len, stdout);
        if (!text[len])
            return;
        fputs(", ", stdout);
        text += len + 1;
    }
}

void quiz_print_text(const struct cli *cli, const struct quiz_outcome *o)
{
    int pct = o->n ? (int)((size_t)o->score * 100 / o->n) : 0;
    printf("\n%sscore: %d/%zu (%d%%)%s\n", term_bold(cli), o->score, o->n, pct,
           term_reset(cli));
    for (size_t i = 0; i < o->n; i++) {
        const struct quiz_item *it = &o->items[i];
        printf("%3zu. %-6s %5.1fs  %s: ", i + 1, quiz_verdict(it),
               (double)it->time_ms / 1000, it->card);
        print_flat(*it->given ? it->given : "(nothing)");
        if (it->check != RC_CHECK_RIGHT) {
            fputs(" (answer: ", stdout);
            print_flat(it->answer);
            putchar(')');
        }
        putchar('\n');
    }
    if (o->recorded)
        printf("recorded %zu answer%s as quiz reviews\n", o->n,
               o->n == 1 ? "" : "s");
}

/* ---- JSON -------------------------------------------------------------- */

static json_t *item_json(size_t position, const struct quiz_item *it)
{
    json_t *j = json_object();
    json_object_set_new(j, "position", json_integer((json_int_t)position));
    json_object_set_new(j, "card", json_string(it->card));
    json_object_set_new(j, "ask", json_string(ask_name(it->ask)));
    json_object_set_new(j, "question", json_string(it->question));
    if (it->options) {
        json_t *a = json_array();
        for (size_t k = 0; k < it->options->n; k++)
            json_array_append_new(a, json_string(it->options->v[k]));
        json_object_set_new(j, "options", a);
    }
    json_object_set_new(j, "answer", json_string(it->answer));
    json_object_set_new(j, "given", json_string(it->given));
    json_object_set_new(j, "result", json_string(quiz_verdict(it)));
    json_object_set_new(j, "right", json_boolean(it->points > 0));
    json_object_set_new(j, "almost",
                        json_boolean(it->check == RC_CHECK_ALMOST));
    json_object_set_new(j, "late", json_boolean(it->late));
    json_object_set_new(j, "time_ms", json_integer(it->time_ms));
    json_object_set_new(j, "points", json_integer(it->points));
    return j;
}

int quiz_print_json(const struct quiz_outcome *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "run",
                        o->run_id ? json_integer(o->run_id) : json_null());
    json_object_set_new(j, "deck", json_string(o->deck));
    json_object_set_new(j, "profile", json_string(o->profile));
    json_object_set_new(j, "kind", json_string(o->kind));
    json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
    json_object_set_new(j, "started_ms", json_integer(o->started_ms));
    json_object_set_new(j, "finished_ms", json_integer(o->finished_ms));
    json_object_set_new(j, "time_limit_ms",
                        o->limit_ms ? json_integer(o->limit_ms) : json_null());
    json_object_set_new(j, "recorded", json_boolean(o->recorded));
    json_object_set_new(j, "count", json_integer((json_int_t)o->n));
    json_object_set_new(j, "score", json_integer(o->score));
    json_t *q = json_array();
    for (size_t i = 0; i < o->n; i++)
        json_array_append_new(q, item_json(i + 1, &o->items[i]));
    json_object_set_new(j, "questions", q);
    return cli_print_json(j);
}

/* ---- CSV --------------------------------------------------------------- */

/* One field, quoted when it holds a comma, a quote or a line break
 * (RFC 4180), quotes doubled. */
static void csv_field(FILE *f, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
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

int quiz_write_csv(const struct quiz_outcome *o, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return cli_error("cannot write '%s': %s", path, strerror(errno));
    fputs("position,card,question,given,answer,right,almost,time_ms\r\n", f);
    for (size_t i = 0; i < o->n; i++) {
        const struct quiz_item *it = &o->items[i];
        fprintf(f, "%zu,", i + 1);
        const char *text[] = {it->card, it->question, it->given, it->answer};
        for (size_t k = 0; k < 4; k++) {
            csv_field(f, text[k]);
            fputc(',', f);
        }
        fprintf(f, "%d,%d,%lld\r\n", it->points > 0,
                it->check == RC_CHECK_ALMOST, (long long)it->time_ms);
    }
    int failed = ferror(f);
    if (fclose(f) != 0 || failed)
        return cli_error("cannot write '%s': %s", path, strerror(errno));
    return CLI_OK;
}

/* ---- History ----------------------------------------------------------- */

static int history_json(const struct rc_quiz_run *run, void *arg)
{
    json_t *j = json_object();
    json_object_set_new(j, "run", json_integer(run->id));
    json_object_set_new(j, "deck", json_string(run->deck_key));
    json_object_set_new(j, "kind", json_string(run->kind));
    json_object_set_new(j, "started_ms", json_integer(run->started_ms));
    json_object_set_new(j, "finished_ms", json_integer(run->finished_ms));
    json_object_set_new(j, "count", json_integer(run->count));
    json_object_set_new(j, "score", json_integer(run->score));
    json_object_set_new(j, "seed", json_integer((json_int_t)run->seed));
    json_array_append_new(arg, j);
    return 0;
}

struct history {
    const struct cli *cli;
    size_t n;
};

static int history_line(const struct rc_quiz_run *run, void *arg)
{
    struct history *h = arg;
    char when[32], score[48];
    if (h->n++ == 0)
        printf("%s%-16s  %-16s %9s  %s%s\n", term_bold(h->cli), "DATE", "DECK",
               "SCORE", "KIND", term_reset(h->cli));
    rc_time_format_local(run->started_ms, when, sizeof(when));
    snprintf(score, sizeof(score), "%lld/%lld", (long long)run->score,
             (long long)run->count);
    printf("%-16s  %-16s %9s  %s\n", when, run->deck_key, score, run->kind);
    return 0;
}

int quiz_print_history(struct cli *cli, const char *deck)
{
    struct rc_err err = {0};
    if (cli->json) {
        json_t *a = json_array();
        if (rc_quiz_runs_each(cli->coll, cli->profile_id, deck, history_json, a,
                              &err) < 0) {
            json_decref(a);
            return cli_report(cli, &err);
        }
        return cli_print_json(a);
    }
    struct history h = {.cli = cli};
    if (rc_quiz_runs_each(cli->coll, cli->profile_id, deck, history_line, &h,
                          &err) < 0)
        return cli_report(cli, &err);
    if (h.n == 0)
        printf("No quiz taken yet.\n");
    return CLI_OK;
}
