/* quiz.c -- making a quiz's questions, and keeping its runs.
 *
 * The questions are a pure function of (cards, count, mode, seed): the
 * front end lists the deck's cards, this file shuffles them from the
 * seed, decides how each is asked and, for a choice it has to make up,
 * draws the wrong options from the answers of the deck's other cards.
 * That half reads neither the clock nor the database, so a quiz is
 * repeatable with --seed and the distractor rules are unit-tested on
 * plain arrays.  Each answer is normalised once per quiz, not once per
 * question, which keeps a quiz over a 100,000-card deck quick.
 *
 * A made-up choice is only as good as its distractors.  An option that
 * is also right (the same answer in other case or spacing, or one of
 * the card's accepted answers) would make the question unfair, and one
 * that could not be the answer (a sentence among years) would give it
 * away.  So candidates are compared in their normalised form, with
 * accents ignored, the strictest sense check.h knows, and ranked: a
 * shared tag first (same topic), then the same shape, kind and length
 * (rc_quiz_distractors() in quiz.h has the ranking).  Sibling cards of
 * one note are left out: a reversed card's other side is its own
 * question, and a cloze's other deletions are printed in the question.
 *
 * The runs: one row per finished quiz and one per answered question,
 * written in one transaction.  They are a record of scores, not study:
 * the schedule only hears of a quiz through rc_answer_record().
 *
 * Not here: asking, timing and checking (the front end with check.h),
 * SQL text (sql.c). */
#include "recall/quiz.h"

#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/rng.h"

#include "banned.h"

static const char *const mode_names[] = {
    [RC_QUIZ_MIXED] = "mixed",
    [RC_QUIZ_CHOICE] = "choice",
    [RC_QUIZ_TYPED] = "typed",
};

#define N_MODES (sizeof(mode_names) / sizeof(mode_names[0]))

const char *rc_quiz_mode_name(enum rc_quiz_mode mode)
{
    return (size_t)mode < N_MODES ? mode_names[mode] : NULL;
}

int rc_quiz_mode_parse(const char *name, enum rc_quiz_mode *out,
                       struct rc_err *err)
{
    for (size_t i = 0; i < N_MODES; i++) {
        if (strcmp(name, mode_names[i]) == 0) {
            *out = (enum rc_quiz_mode)i;
            return RC_OK;
        }
    }
    return rc_err_set(err, RC_EINVAL,
                      "unknown quiz kind '%s': expected choice, typed or "
                      "mixed",
                      name);
}

/* ---- Distractors ----------------------------------------------------- */

enum shape {
    SHAPE_NUMBER, /* 1917, 1917-1921, 3.5 */
    SHAPE_WORD,
    SHAPE_FEW_WORDS, /* 2 to 4 */
    SHAPE_SENTENCE,  /* 5 and more */
};

/* One candidate with its ranking keys: lower sorts first. */
struct candidate {
    size_t idx;
    int no_shared_tag; /* 0: shares a tag with the card */
    int other_shape;
    int other_kind;
    int length_gap; /* 0 within a quarter, 1 within a half, 2 further */
    int shared;     /* tags in common; more sorts first */
    uint64_t draw;
    const char *norm; /* the answer normalised; borrowed */
};

/* The normalised form of 's', accents ignored; caller frees. */
static char *normalized(const char *s)
{
    struct rc_buf b = {0};
    rc_check_normalize(s, true, &b);
    return rc_buf_detach(&b, NULL);
}

/* Characters, not bytes: continuation bytes are not counted. */
static size_t char_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The shape of a normalised answer (single spaces, trimmed). */
static enum shape shape_of(const char *s)
{
    bool digit = false, other = false;
    size_t words = 1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s == ' ')
            words++;
        else if (!strchr("-.,/:", *s))
            other = true;
    }
    if (digit && !other)
        return SHAPE_NUMBER;
    return words == 1   ? SHAPE_WORD
           : words <= 4 ? SHAPE_FEW_WORDS
                        : SHAPE_SENTENCE;
}

/* Every card's answer normalised, with its shape and its length in
 * characters: worked out once per quiz, not once per question, so that
 * ten questions over a 100,000-card deck normalise each answer once. */
struct deck_answers {
    char **norm;
    enum shape *shape;
    size_t *chars;
    size_t n;
};

static void deck_answers_init(struct deck_answers *a,
                              const struct rc_quiz_card *cards, size_t n)
{
    a->n = n;
    a->norm = rc_xcalloc(n ? n : 1, sizeof(*a->norm));
    a->shape = rc_xcalloc(n ? n : 1, sizeof(*a->shape));
    a->chars = rc_xcalloc(n ? n : 1, sizeof(*a->chars));
    for (size_t i = 0; i < n; i++) {
        a->norm[i] = normalized(cards[i].answer);
        a->shape[i] = shape_of(a->norm[i]);
        a->chars[i] = char_count(a->norm[i]);
    }
}

static void deck_answers_release(struct deck_answers *a)
{
    for (size_t i = 0; a->norm && i < a->n; i++)
        free(a->norm[i]);
    free(a->norm);
    free(a->shape);
    free(a->chars);
    memset(a, 0, sizeof(*a));
}

/* Basic and reversed cards are one kind: both are a question and an
 * answer written by hand. */
static int kind_class(enum rc_kind k)
{
    return k == RC_KIND_REVERSED ? RC_KIND_BASIC : (int)k;
}

static int length_gap(size_t a, size_t b)
{
    size_t gap = a > b ? a - b : b - a;
    size_t longer = a > b ? a : b;
    if (gap * 4 <= longer)
        return 0;
    return gap * 2 <= longer ? 1 : 2;
}

/* Whole words of 'tags' (space-separated) that 'other' also holds. */
static int shared_tags(const char *tags, const char *other)
{
    int n = 0;
    if (!tags || !other)
        return 0;
    while (*tags) {
        size_t len = strcspn(tags, " ");
        for (const char *o = other; *o;) {
            size_t olen = strcspn(o, " ");
            if (olen == len && len && memcmp(o, tags, len) == 0) {
                n++;
                break;
            }
            o += olen;
            o += *o == ' ';
        }
        tags += len;
        tags += *tags == ' ';
    }
    return n;
}

static int by_rank(const void *pa, const void *pb)
{
    const struct candidate *a = pa, *b = pb;
    int d = a->no_shared_tag - b->no_shared_tag;
    if (!d)
        d = a->other_shape - b->other_shape;
    if (!d)
        d = a->other_kind - b->other_kind;
    if (!d)
        d = a->length_gap - b->length_gap;
    if (!d)
        d = b->shared - a->shared;
    if (!d && a->draw != b->draw)
        d = a->draw < b->draw ? -1 : 1;
    if (!d)
        d = a->idx < b->idx ? -1 : a->idx > b->idx;
    return d;
}

/* The normalised right answers of 'card': its answer, then each accepted
 * one. */
static void right_answers(const struct rc_quiz_card *card,
                          struct rc_strlist *out)
{
    char *n = normalized(card->answer);
    rc_strlist_add(out, n);
    free(n);
    for (size_t i = 0; card->accept && i < card->accept->n; i++) {
        n = normalized(card->accept->v[i]);
        rc_strlist_add(out, n);
        free(n);
    }
}

static bool in_list(const struct rc_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

static bool word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
           (u >= 'A' && u <= 'Z');
}

/* Whether 'needle' occurs in 'hay' as whole words: "1917" in "the
 * revolution of 1917" and in "1917-1921", not in "19170". */
static bool contains_words(const char *hay, const char *needle)
{
    size_t len = strlen(needle);
    if (!len)
        return false;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || !word_byte(p[-1])) && !word_byte(p[len]))
            return true;
    return false;
}

/* The card's side of the comparison, normalised once. */
struct target {
    struct rc_strlist rights; /* its answer, then its accepted answers */
    size_t n_rights;          /* rights past these are chosen distractors */
    char *question;
};

/* Whether an option 'norm' would be right too or give the question
 * away: it is a right answer, holds one or is held in one as whole
 * words ("the October Revolution of 1917" for "1917"), or is printed in
 * the question itself. */
static bool unfair(const struct target *t, const char *norm)
{
    if (!*norm || contains_words(t->question, norm))
        return true;
    for (size_t i = 0; i < t->n_rights; i++)
        if (contains_words(norm, t->rights.v[i]) ||
            contains_words(t->rights.v[i], norm))
            return true;
    return false;
}

/* Fill 'c' for cards[j] as a candidate for cards[i]; false when it may
 * never be a distractor. */
static bool candidate_make(const struct rc_quiz_card *cards,
                           const struct deck_answers *ans, size_t i, size_t j,
                           const struct target *t, struct rc_rng *rng,
                           struct candidate *c)
{
    const struct rc_quiz_card *card = &cards[i], *other = &cards[j];
    uint64_t draw = rc_rng_next(rng); /* drawn for every j: stable keys */
    /* An order card's answer is its whole list: never one option. */
    if (i == j || other->kind == RC_KIND_ORDER ||
        (card->note_id && other->note_id == card->note_id) ||
        unfair(t, ans->norm[j]))
        return false;
    int shared = shared_tags(card->tags, other->tags);
    *c = (struct candidate){
        .idx = j,
        .no_shared_tag = shared == 0,
        .other_shape = ans->shape[j] != ans->shape[i],
        .other_kind = kind_class(other->kind) != kind_class(card->kind),
        .length_gap = length_gap(ans->chars[j], ans->chars[i]),
        .shared = shared,
        .draw = draw,
        .norm = ans->norm[j],
    };
    return true;
}

static size_t distractors(const struct rc_quiz_card *cards, size_t n_cards,
                          const struct deck_answers *ans, size_t card,
                          size_t max, uint64_t seed, size_t *out)
{
    const struct rc_quiz_card *me = &cards[card];
    struct target t = {.n_rights = 0};
    right_answers(me, &t.rights);
    t.n_rights = t.rights.n;
    t.question = normalized(me->question);
    struct rc_rng rng;
    rc_rng_seed(&rng, seed ^ ((uint64_t)me->card_id * 0x9e3779b97f4a7c15ULL));
    struct candidate *cand = rc_xcalloc(n_cards ? n_cards : 1, sizeof(*cand));
    size_t n_cand = 0;
    for (size_t j = 0; j < n_cards; j++)
        n_cand += candidate_make(cards, ans, card, j, &t, &rng, &cand[n_cand]);
    if (n_cand > 1)
        qsort(cand, n_cand, sizeof(*cand), by_rank);
    /* Taking in rank order and skipping repeats keeps the best-ranked
     * card of each distinct answer. */
    size_t n = 0;
    for (size_t i = 0; i < n_cand && n < max; i++) {
        if (in_list(&t.rights, cand[i].norm))
            continue;
        out[n++] = cand[i].idx;
        rc_strlist_add(&t.rights, cand[i].norm);
    }
    free(cand);
    rc_strlist_release(&t.rights);
    free(t.question);
    return n;
}

size_t rc_quiz_distractors(const struct rc_quiz_card *cards, size_t n_cards,
                           size_t card, size_t max, uint64_t seed, size_t *out)
{
    struct deck_answers ans;
    deck_answers_init(&ans, cards, n_cards);
    size_t n = distractors(cards, n_cards, &ans, card, max, seed, out);
    deck_answers_release(&ans);
    return n;
}

/* ---- Questions ------------------------------------------------------- */

static void shuffle_idx(size_t *v, size_t n, struct rc_rng *rng)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rc_rng_below(rng, i);
        size_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

static enum rc_quiz_ask natural_ask(enum rc_kind kind, enum rc_quiz_mode mode)
{
    if (kind == RC_KIND_ORDER)
        return RC_QUIZ_ASK_ORDER;
    if (mode == RC_QUIZ_TYPED)
        return RC_QUIZ_ASK_TYPED;
    if (mode == RC_QUIZ_CHOICE)
        return RC_QUIZ_ASK_CHOICE;
    switch (kind) {
    case RC_KIND_TYPED:
    case RC_KIND_CLOZE:
        return RC_QUIZ_ASK_TYPED;
    default: /* basic, reversed, choice */
        return RC_QUIZ_ASK_CHOICE;
    }
}

/* Put 'texts' (n, borrowed) in q->options in an order drawn from 'rng',
 * and note where text 0, the answer, went. */
static void set_options(struct rc_quiz_question *q, const char *const *texts,
                        size_t n, struct rc_rng *rng)
{
    size_t *perm = rc_xcalloc(n, sizeof(*perm));
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    shuffle_idx(perm, n, rng);
    for (size_t i = 0; i < n; i++) {
        rc_strlist_add(&q->options, texts[perm[i]]);
        if (perm[i] == 0)
            q->answer_option = i;
    }
    free(perm);
}

/* A choice card's own options, the answer first. */
static void own_options(struct rc_quiz_question *q,
                        const struct rc_quiz_card *card, struct rc_rng *rng)
{
    const struct rc_strlist *o = card->options;
    const char **texts = rc_xcalloc(o->n + 1, sizeof(*texts));
    size_t n = 0;
    texts[n++] = card->answer;
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->v[i], card->answer) != 0)
            texts[n++] = o->v[i];
    set_options(q, texts, n, rng);
    free(texts);
}

/* A made-up choice; typed when the deck offers no distractor. */
static void made_up_options(struct rc_quiz_question *q,
                            const struct rc_quiz_card *cards, size_t n_cards,
                            struct deck_answers *ans, uint64_t seed,
                            struct rc_rng *rng)
{
    size_t idx[RC_QUIZ_DISTRACTORS];
    if (!ans->norm) /* the first made-up choice of the quiz */
        deck_answers_init(ans, cards, n_cards);
    size_t n = distractors(cards, n_cards, ans, q->card, RC_QUIZ_DISTRACTORS,
                           seed, idx);
    if (n == 0) {
        q->ask = RC_QUIZ_ASK_TYPED;
        return;
    }
    const char *texts[RC_QUIZ_DISTRACTORS + 1];
    texts[0] = cards[q->card].answer;
    for (size_t i = 0; i < n; i++) {
        texts[i + 1] = cards[idx[i]].answer;
        q->n_shared_tag +=
            shared_tags(cards[q->card].tags, cards[idx[i]].tags) > 0;
    }
    q->n_distractors = n;
    set_options(q, texts, n + 1, rng);
}

static void question_make(struct rc_quiz_question *q,
                          const struct rc_quiz_card *cards, size_t n_cards,
                          struct deck_answers *ans, enum rc_quiz_mode mode,
                          uint64_t seed)
{
    const struct rc_quiz_card *card = &cards[q->card];
    q->ask = natural_ask(card->kind, mode);
    if (q->ask != RC_QUIZ_ASK_CHOICE)
        return;
    /* Per card, so a card's options do not depend on the others drawn. */
    struct rc_rng rng;
    rc_rng_seed(&rng, rc_hash64(seed, &card->card_id, sizeof(card->card_id)));
    if (card->kind == RC_KIND_CHOICE && card->options && card->options->n)
        own_options(q, card, &rng);
    else
        made_up_options(q, cards, n_cards, ans, seed, &rng);
}

int rc_quiz_build(const struct rc_quiz_card *cards, size_t n_cards,
                  size_t count, enum rc_quiz_mode mode, uint64_t seed,
                  struct rc_quiz *out, struct rc_err *err)
{
    memset(out, 0, sizeof(*out));
    if (count == 0 || count > RC_QUIZ_MAX_COUNT)
        return rc_err_set(err, RC_EINVAL,
                          "a quiz has 1 to %d questions, not %zu",
                          RC_QUIZ_MAX_COUNT, count);
    if (!rc_quiz_mode_name(mode))
        return rc_err_set(err, RC_EINVAL, "unknown quiz kind %d", (int)mode);
    size_t *order = rc_xcalloc(n_cards ? n_cards : 1, sizeof(*order));
    for (size_t i = 0; i < n_cards; i++)
        order[i] = i;
    struct rc_rng rng;
    rc_rng_seed(&rng, seed);
    shuffle_idx(order, n_cards, &rng);
    out->n = count < n_cards ? count : n_cards;
    out->v = rc_xcalloc(out->n ? out->n : 1, sizeof(*out->v));
    struct deck_answers ans = {0};
    for (size_t i = 0; i < out->n; i++) {
        out->v[i].card = order[i];
        question_make(&out->v[i], cards, n_cards, &ans, mode, seed);
    }
    deck_answers_release(&ans);
    free(order);
    return RC_OK;
}

void rc_quiz_release(struct rc_quiz *q)
{
    for (size_t i = 0; q->v && i < q->n; i++)
        rc_strlist_release(&q->v[i].options);
    free(q->v);
    q->v = NULL;
    q->n = 0;
}

int rc_quiz_points(enum rc_check_result result, bool late)
{
    return result == RC_CHECK_RIGHT && !late ? 1 : 0;
}

/* ---- Runs ------------------------------------------------------------- */

static int run_insert(struct rc_collection *c, struct rc_quiz_run *run,
                      struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_QUIZ_RUN_INSERT, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, run->profile_id);
    sqlite3_bind_int64(st, 2, run->deck_id);
    sqlite3_bind_int64(st, 3, run->started_ms);
    sqlite3_bind_int64(st, 4, run->finished_ms);
    rc_bind_text(st, 5, run->kind);
    sqlite3_bind_int64(st, 6, run->count);
    sqlite3_bind_int64(st, 7, run->score);
    /* SQLite has no unsigned integers: the seed's bits are kept as is. */
    sqlite3_bind_int64(st, 8, (int64_t)run->seed);
    int rc = rc_stmt_exec(c, st, "store quiz run", err);
    if (rc == RC_OK)
        run->id = sqlite3_last_insert_rowid(c->db);
    return rc;
}

static int answer_insert(struct rc_collection *c, int64_t run_id,
                         const struct rc_quiz_answer *a, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_QUIZ_ANSWER_INSERT, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, run_id);
    sqlite3_bind_int64(st, 2, (int64_t)a->position);
    sqlite3_bind_int64(st, 3, a->card_id);
    rc_bind_text(st, 4, a->question ? a->question : "");
    rc_bind_text(st, 5, a->given ? a->given : "");
    sqlite3_bind_int(st, 6, a->right);
    sqlite3_bind_int(st, 7, a->almost);
    sqlite3_bind_int64(st, 8, a->time_ms);
    sqlite3_bind_int(st, 9, a->points);
    return rc_stmt_exec(c, st, "store quiz answer", err);
}

int rc_quiz_run_save(struct rc_collection *c, struct rc_quiz_run *run,
                     const struct rc_quiz_answer *answers, size_t n,
                     struct rc_err *err)
{
    int rc = rc_tx_begin(c, err);
    if (rc < 0)
        return rc;
    rc = run_insert(c, run, err);
    for (size_t i = 0; rc == RC_OK && i < n; i++)
        rc = answer_insert(c, run->id, &answers[i], err);
    if (rc == RC_OK)
        rc = rc_tx_commit(c, err);
    else
        rc_tx_rollback(c); /* leaves err alone: the first cause wins */
    return rc;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* Columns of RC_SQL_QUIZ_RUNS_LIST: 0 id, 1 deck id, 2 deck key,
 * 3 started, 4 finished, 5 kind, 6 count, 7 score, 8 seed. */
int rc_quiz_runs_each(struct rc_collection *c, int64_t profile_id,
                      const char *deck_key, rc_quiz_run_visit_fn *fn, void *arg,
                      struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_QUIZ_RUNS_LIST, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    rc_bind_text(st, 2, deck_key);
    int rc, out = RC_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_quiz_run run = {
            .id = sqlite3_column_int64(st, 0),
            .profile_id = profile_id,
            .deck_id = sqlite3_column_int64(st, 1),
            .deck_key = col_text(st, 2),
            .started_ms = sqlite3_column_int64(st, 3),
            .finished_ms = sqlite3_column_int64(st, 4),
            .kind = col_text(st, 5),
            .count = sqlite3_column_int64(st, 6),
            .score = sqlite3_column_int64(st, 7),
            .seed = (uint64_t)sqlite3_column_int64(st, 8),
        };
        out = fn(&run, arg);
        if (out != 0)
            break;
    }
    if (out == RC_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = rc_err_db(err, c->db, "list quiz runs");
    rc_stmt_done(st);
    return out;
}
