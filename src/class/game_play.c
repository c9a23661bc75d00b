/* game_play.c -- answering a classroom game's questions, and reading it.
 *
 * An answer is refused for one of two reasons, and the difference
 * matters to the student.  A malformed one (an option that does not
 * exist, an order that is not a permutation, text that is not UTF-8)
 * changes nothing: it is a bug or a forgery, and the student may still
 * answer.  One that comes at the wrong time (not the open question,
 * paused, time up, answered already) is the game's rule, and the
 * answer already given, or none, stands.  So the form is checked only
 * after the timing, and nothing is written until both pass.
 *
 * Everything else here reads: the status the server turns into JSON,
 * a question as shown, a player's result, the leaderboard (kept ranked
 * by game.c), the distribution of answers and the report.  Strings
 * handed out are borrowed from the game, never copied, so a report of
 * 500 players by 1000 questions costs one array.
 *
 * Not here: phases, joining and scoring (game.c). */
#include "game_int.h"

#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"
#include "recall/check.h"
#include "recall/utf8.h"

/* ---- Answering ------------------------------------------------------- */

/* Why 'question' takes no answer now, or RC_OK; 'was_running' says the
 * question was open before time was let pass. */
static int check_open(const struct class_game *g, size_t question,
                      bool was_running, struct rc_err *err)
{
    if (question >= g->n_q)
        return rc_err_set(err, RC_EINVAL, "no question %zu", question + 1);
    if (g->phase == CLASS_OPEN && question == g->cur && g->paused)
        return rc_err_set(err, RC_ECONFLICT, "question %zu: paused",
                          question + 1);
    if (g->phase == CLASS_OPEN && question == g->cur)
        return RC_OK;
    if (was_running && question == g->cur)
        return rc_err_set(err, RC_ECONFLICT, "question %zu: time is up",
                          question + 1);
    return rc_err_set(err, RC_ECONFLICT, "question %zu: not open",
                      question + 1);
}

static int check_choice(const struct question *q, const struct class_answer *a,
                        struct record *r, struct rc_err *err)
{
    if (a->option >= q->shown.n)
        return rc_err_set(err, RC_EINVAL, "answer: no option %zu",
                          a->option + 1);
    r->option = a->option;
    r->right = a->option == q->answer_option;
    r->given = rc_xstrdup(q->shown.v[a->option]);
    return RC_OK;
}

static int check_typed(const struct question *q, const struct class_answer *a,
                       struct record *r, struct rc_err *err)
{
    size_t len = a->text ? strnlen(a->text, CLASS_ANSWER_MAX_BYTES + 1) : 0;
    if (!a->text)
        return rc_err_set(err, RC_EINVAL, "answer: no text");
    if (len > CLASS_ANSWER_MAX_BYTES)
        return rc_err_set(err, RC_ELIMIT, "answer: longer than %d bytes",
                          CLASS_ANSWER_MAX_BYTES);
    if (!rc_utf8_valid(a->text, len))
        return rc_err_set(err, RC_EINVAL, "answer: not valid UTF-8");
    enum rc_check_result c = rc_check_answer(a->text, q->answer, &q->accept,
                                             q->ignore_accents, NULL);
    r->right = c == RC_CHECK_RIGHT;
    r->almost = c == RC_CHECK_ALMOST;
    r->given = rc_xstrdup(a->text);
    return RC_OK;
}

/* Right when the items, put in the player's order, read as the right
 * order: two items of the same text may swap. */
static int check_order(const struct question *q, const struct class_answer *a,
                       struct record *r, struct rc_err *err)
{
    size_t n = q->shown.n;
    if (!a->order || a->n_order != n)
        return rc_err_set(err, RC_EINVAL,
                          "answer: expected an order of %zu "
                          "items",
                          n);
    bool seen[CLASS_MAX_OPTIONS] = {false};
    for (size_t k = 0; k < n; k++) {
        if (a->order[k] >= n || seen[a->order[k]])
            return rc_err_set(err, RC_EINVAL,
                              "answer: not an order of the items");
        seen[a->order[k]] = true;
    }
    r->right = true;
    for (size_t k = 0; k < n; k++)
        r->right =
            r->right && strcmp(q->shown.v[a->order[k]], q->items.v[k]) == 0;
    struct rc_buf b = {0};
    for (size_t k = 0; k < n; k++) {
        if (k)
            rc_buf_adds(&b, " > ");
        rc_buf_adds(&b, q->shown.v[a->order[k]]);
    }
    r->given = rc_buf_detach(&b, NULL);
    return RC_OK;
}

static size_t present_players(const struct class_game *g, size_t q)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_p; i++)
        n += g->p[i].rec[q].present;
    return n;
}

int class_game_answer(struct class_game *g, size_t player, size_t question,
                      const struct class_answer *a, int64_t now_ms,
                      struct rc_err *err)
{
    if (player >= g->n_p)
        return rc_err_set(err, RC_EINVAL, "no player %zu", player);
    bool was_running = g->phase == CLASS_OPEN && !g->paused;
    class_game_tick(g, now_ms);
    int rc = check_open(g, question, was_running, err);
    if (rc < 0)
        return rc;
    struct record *r = &g->p[player].rec[question];
    if (r->answered)
        return rc_err_set(err, RC_ECONFLICT, "question %zu: answered already",
                          question + 1);
    if (!r->present) /* game.c marks every player present at open */
        return rc_err_set(err, RC_ECONFLICT, "question %zu: not open",
                          question + 1);
    const struct question *q = &g->q[question];
    struct record got = {.present = true};
    if (q->ask == RC_QUIZ_ASK_CHOICE)
        rc = check_choice(q, a, &got, err);
    else if (q->ask == RC_QUIZ_ASK_TYPED)
        rc = check_typed(q, a, &got, err);
    else
        rc = check_order(q, a, &got, err);
    if (rc < 0)
        return rc;
    got.answered = true;
    got.time_ms = now_ms > g->opened_ms ? now_ms - g->opened_ms : 0;
    *r = got;
    g->n_answered++;
    g->version++;
    if (g->n_answered >= present_players(g, question))
        class_close_question(g);
    return RC_OK;
}

/* ---- Reading --------------------------------------------------------- */

void class_game_status(struct class_game *g, int64_t now_ms,
                       struct class_status *out)
{
    class_game_tick(g, now_ms);
    *out = (struct class_status){
        .phase = g->phase,
        .question = g->cur,
        .n_questions = g->n_q,
        .paused = g->paused,
        .limit_ms = g->limit_ms,
        .n_players = g->n_p,
        .n_answered = g->phase == CLASS_OPEN ? g->n_answered : 0,
        .version = g->version,
    };
    if (g->phase != CLASS_OPEN)
        return;
    int64_t at = g->paused ? g->paused_at_ms : now_ms;
    int64_t left = g->limit_ms - (at - g->opened_ms);
    out->remaining_ms = left < 0 ? 0 : left > g->limit_ms ? g->limit_ms : left;
    if (!g->paused)
        out->deadline_ms = g->opened_ms + g->limit_ms;
}

int class_game_question(const struct class_game *g, size_t i,
                        struct class_shown *out)
{
    if (i >= g->n_q)
        return RC_ENOTFOUND;
    const struct question *q = &g->q[i];
    *out = (struct class_shown){
        .ask = q->ask,
        .text = q->text,
        .card = q->card,
        .shown = &q->shown,
        .right = q->right,
        .answer_option = q->answer_option,
        .skipped = q->skipped,
    };
    return RC_OK;
}

int class_game_result(const struct class_game *g, size_t player, size_t q,
                      struct class_result *out)
{
    if (player >= g->n_p || q >= g->n_q)
        return RC_ENOTFOUND;
    const struct record *r = &g->p[player].rec[q];
    if (!r->present || g->q[q].skipped)
        return RC_ENOTFOUND;
    *out = (struct class_result){
        .player = player,
        .name = g->p[player].name,
        .question = q,
        .answered = r->answered,
        .right = r->right,
        .almost = r->almost,
        .given = r->given ? r->given : "",
        .time_ms = r->answered ? r->time_ms : -1,
        .points = r->points,
        .bonus = r->bonus,
    };
    return RC_OK;
}

static void fill_rank(const struct class_game *g, size_t player,
                      struct class_rank *out)
{
    const struct player *p = &g->p[player];
    *out = (struct class_rank){
        .place = p->place,
        .player = player,
        .name = p->name,
        .score = p->score,
        .total_ms = p->total_ms,
        .streak = p->streak,
    };
}

size_t class_game_leaderboard(const struct class_game *g,
                              struct class_rank *out, size_t max)
{
    size_t n = g->n_p < max ? g->n_p : max;
    for (size_t i = 0; i < n; i++)
        fill_rank(g, g->rank[i], &out[i]);
    return n;
}

int class_game_rank(const struct class_game *g, size_t player,
                    struct class_rank *out)
{
    if (player >= g->n_p)
        return RC_ENOTFOUND;
    fill_rank(g, player, out);
    return RC_OK;
}

int class_game_distribution(const struct class_game *g, size_t q,
                            struct class_distribution *out)
{
    memset(out, 0, sizeof(*out));
    if (q >= g->n_q)
        return RC_ENOTFOUND;
    const struct question *qq = &g->q[q];
    if (qq->ask == RC_QUIZ_ASK_CHOICE) {
        out->n_counts = qq->shown.n;
        out->counts = rc_xcalloc(qq->shown.n, sizeof(*out->counts));
    }
    for (size_t i = 0; i < g->n_p; i++) {
        const struct record *r = &g->p[i].rec[q];
        if (!r->present)
            continue;
        if (!r->answered) {
            out->none++;
            continue;
        }
        out->right += r->right;
        out->wrong += !r->right;
        out->almost += r->almost;
        if (out->counts)
            out->counts[r->option]++;
    }
    return RC_OK;
}

void class_distribution_release(struct class_distribution *d)
{
    if (!d)
        return;
    free(d->counts);
    memset(d, 0, sizeof(*d));
}

void class_game_report(const struct class_game *g, struct class_report *out)
{
    memset(out, 0, sizeof(*out));
    size_t n = 0;
    for (size_t i = 0; i < g->n_p; i++)
        for (size_t q = 0; q < g->n_q; q++)
            n += g->p[i].rec[q].present && !g->q[q].skipped;
    out->v = rc_xcalloc(n ? n : 1, sizeof(*out->v));
    for (size_t i = 0; i < g->n_p; i++)
        for (size_t q = 0; q < g->n_q; q++)
            if (class_game_result(g, i, q, &out->v[out->n]) == RC_OK)
                out->n++;
}

void class_report_release(struct class_report *r)
{
    if (!r)
        return;
    free(r->v);
    memset(r, 0, sizeof(*r));
}
