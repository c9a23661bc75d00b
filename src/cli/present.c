/* present.c -- asking one card and showing its answer.
 *
 * The kinds differ only in how the answer is taken: revealed (basic,
 * reversed), typed (typed, cloze), picked by number (choice) or put in
 * order by numbers (order).  Whatever the program can check it checks
 * (check.c), so the session can suggest a grade; a basic card is the
 * learner's own judgement.  Options and items are shuffled from a seed
 * per card, so a scripted session with --seed sees the same order every
 * time. */
#include "present.h"

#include <stdlib.h>
#include <string.h>

#include "recall/buf.h"
#include "recall/card.h"
#include "term.h"

struct load {
    struct card_view *v;
    struct cli *cli;
    int rc;
};

static char *dup_or_empty(const char *s)
{
    return rc_xstrdup(s ? s : "");
}

static void copy_list(struct rc_strlist *dst, const struct rc_strlist *src)
{
    for (size_t i = 0; i < src->n; i++)
        rc_strlist_add(dst, src->v[i]);
}

static int copy_card(const struct rc_card_info *card, void *arg)
{
    struct load *l = arg;
    struct card_view *v = l->v;
    const struct rc_note *n = card->note;
    struct rc_buf name = {0};
    rc_buf_addf(&name, "%s/%s", card->deck_key, n->id);
    if (card->ord != 1)
        rc_buf_addf(&name, "#%zu", card->ord);
    v->card_id = card->card_id;
    v->name = rc_buf_detach(&name, NULL);
    v->deck_key = dup_or_empty(card->deck_key);
    v->deck_file = dup_or_empty(card->deck_file);
    v->line = n->line;
    v->kind = n->kind;
    rc_card_render(n, card->ord, &v->question, &v->answer);
    if (!v->question)
        v->question = dup_or_empty(n->front);
    if (!v->answer)
        v->answer = dup_or_empty(n->back);
    v->source = dup_or_empty(n->source);
    v->hint = dup_or_empty(n->hint);
    v->explain = dup_or_empty(n->explain);
    v->ignore_accents = n->ignore_accents;
    if (n->kind == RC_KIND_TYPED)
        copy_list(&v->accept, &n->list);
    else if (n->kind == RC_KIND_CHOICE && !n->pool)
        copy_list(&v->shown, &n->list);
    else if (n->kind == RC_KIND_ORDER)
        copy_list(&v->shown, &n->list);
    if (n->kind == RC_KIND_CHOICE && n->pool) {
        struct rc_err err = {0};
        l->rc = rc_pool_items(l->cli->coll, card->deck_key, n->pool, &v->shown,
                              &err);
        if (l->rc < 0)
            cli_report(l->cli, &err);
    }
    return 0;
}

/* Fisher-Yates over shown[] and order[], from the card's seed. */
static void shuffle(struct card_view *v, uint64_t seed)
{
    struct rc_rng rng;
    rc_rng_seed(&rng, seed ^ (uint64_t)v->card_id * 0x9e3779b97f4a7c15ULL);
    size_t n = v->shown.n;
    v->order = rc_xcalloc(n ? n : 1, sizeof(*v->order));
    for (size_t i = 0; i < n; i++)
        v->order[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rc_rng_below(&rng, i);
        char *t = v->shown.v[i - 1];
        v->shown.v[i - 1] = v->shown.v[j];
        v->shown.v[j] = t;
        size_t o = v->order[i - 1];
        v->order[i - 1] = v->order[j];
        v->order[j] = o;
    }
}

int card_view_load(struct cli *cli, int64_t card_id, uint64_t seed,
                   struct card_view *v)
{
    memset(v, 0, sizeof(*v));
    struct load l = {.v = v, .cli = cli, .rc = RC_OK};
    struct rc_err err = {0};
    if (rc_card_get(cli->coll, cli->profile_id, card_id, copy_card, &l, &err) <
        0)
        return cli_report(cli, &err);
    if (l.rc < 0)
        return CLI_ERROR;
    shuffle(v, seed);
    return CLI_OK;
}

void card_view_release(struct card_view *v)
{
    free(v->name);
    free(v->deck_key);
    free(v->deck_file);
    free(v->question);
    free(v->answer);
    rc_strlist_release(&v->accept);
    rc_strlist_release(&v->shown);
    free(v->order);
    free(v->source);
    free(v->hint);
    free(v->explain);
    memset(v, 0, sizeof(*v));
}

void asked_release(struct asked *a)
{
    free(a->given);
    memset(a, 0, sizeof(*a));
}

static const char *prompt_for(const struct card_view *v)
{
    switch (v->kind) {
    case RC_KIND_TYPED:
    case RC_KIND_CLOZE:
        return "answer> ";
    case RC_KIND_CHOICE:
        return "choose a number> ";
    case RC_KIND_ORDER:
        return "order, as numbers (e.g. 2 1 3)> ";
    default:
        return "press Enter to show the answer> ";
    }
}

/* Choice: a number picks an option; typed text is checked as such. */
static enum rc_check_result check_choice(const struct card_view *v,
                                         const char *given)
{
    char *end = NULL;
    long k = strtol(given, &end, 10);
    if (end != given && *end == '\0')
        return k >= 1 && (size_t)k <= v->shown.n &&
                       strcmp(v->shown.v[k - 1], v->answer) == 0
                   ? RC_CHECK_RIGHT
                   : RC_CHECK_WRONG;
    return rc_check_answer(given, v->answer, NULL, v->ignore_accents, NULL);
}

/* Order: the numbers of the shown items, in the right order. */
static enum rc_check_result check_order(const struct card_view *v,
                                        const char *given)
{
    size_t want = 0;
    const char *p = given;
    while (*p) {
        char *end = NULL;
        long k = strtol(p, &end, 10);
        if (end == p)
            return RC_CHECK_WRONG;
        if (want >= v->shown.n || k < 1 || (size_t)k > v->shown.n ||
            v->order[k - 1] != want)
            return RC_CHECK_WRONG;
        want++;
        p = end;
        while (*p == ' ' || *p == ',')
            p++;
    }
    return want == v->shown.n ? RC_CHECK_RIGHT : RC_CHECK_WRONG;
}

static void print_question(struct cli *cli, const struct card_view *v)
{
    printf("\n%s%s%s\n", term_bold(cli), v->question, term_reset(cli));
    for (size_t i = 0; i < v->shown.n; i++)
        printf("  %zu) %s\n", i + 1, v->shown.v[i]);
    if (*v->hint)
        printf("%shint: %s%s\n", term_dim(cli), v->hint, term_reset(cli));
}

void present_ask(struct cli *cli, struct repl *repl, const struct card_view *v,
                 struct asked *out)
{
    memset(out, 0, sizeof(*out));
    print_question(cli, v);
    const char *line = repl_read(repl, prompt_for(v));
    if (!line) {
        out->eof = true;
        return;
    }
    if (line[0] == ':') {
        out->command = line;
        return;
    }
    out->given = rc_xstrdup(line);
    out->checked = true;
    switch (v->kind) {
    case RC_KIND_TYPED:
    case RC_KIND_CLOZE:
        out->result = rc_check_answer(line, v->answer, &v->accept,
                                      v->ignore_accents, NULL);
        break;
    case RC_KIND_CHOICE:
        out->result = check_choice(v, line);
        break;
    case RC_KIND_ORDER:
        out->result = check_order(v, line);
        break;
    default:
        out->checked = false;
    }
}

/* The typed answer with what is extra struck and what is missing added:
 * colour on a terminal, [-extra-] and {+missing+} otherwise. */
static void print_diff(struct cli *cli, const char *given, const char *expected)
{
    struct rc_diff d = {0};
    rc_diff_compute(given, expected, &d);
    fputs("diff: ", stdout);
    for (size_t i = 0; i < d.n; i++) {
        const struct rc_diff_span *s = &d.v[i];
        const char *text = s->op == RC_DIFF_MISSING ? expected : given;
        int len = (int)s->len;
        if (s->op == RC_DIFF_SAME)
            printf("%.*s", len, text + s->start);
        else if (cli->color)
            printf("%s%.*s\033[0m",
                   s->op == RC_DIFF_EXTRA ? "\033[31;9m" : "\033[32m", len,
                   text + s->start);
        else
            printf("%s%.*s%s", s->op == RC_DIFF_EXTRA ? "[-" : "{+", len,
                   text + s->start, s->op == RC_DIFF_EXTRA ? "-]" : "+}");
    }
    putchar('\n');
    rc_diff_release(&d);
}

void present_reveal(struct cli *cli, const struct card_view *v,
                    const struct asked *a)
{
    static const char *const verdicts[] = {"wrong", "almost", "right"};
    if (a->checked)
        printf("%s%s%s\n", term_bold(cli), verdicts[a->result],
               term_reset(cli));
    printf("answer: %s\n", v->answer);
    if (v->kind == RC_KIND_ORDER)
        for (size_t i = 0; i < v->shown.n; i++)
            for (size_t k = 0; k < v->shown.n; k++)
                if (v->order[k] == i)
                    printf("  %zu. %s (was %zu)\n", i + 1, v->shown.v[k],
                           k + 1);
    if (a->checked && a->result != RC_CHECK_RIGHT &&
        (v->kind == RC_KIND_TYPED || v->kind == RC_KIND_CLOZE) && a->given &&
        *a->given)
        print_diff(cli, a->given, v->answer);
    if (*v->source)
        printf("%ssource: %s%s\n", term_dim(cli), v->source, term_reset(cli));
    if (*v->explain)
        printf("%s\n", v->explain);
}
