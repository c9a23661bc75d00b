/* queue.c -- today's study plan for one profile.
 *
 * Built in one pass per deck: today's answers (from the review log, by
 * study day) give what each deck's daily limits have left and which notes
 * have been seen today; then three indexed queries fetch the learning
 * cards due today, the reviews due today (up to the limit) and the next
 * new cards in file order (up to the limit).  A note already seen today
 * or already planned keeps its other cards out, which is the sibling
 * rule.  The plan lives in memory as three short arrays; answering a
 * learning card puts it back in order of its next due time.
 *
 * Learning cards due within RC_LEARN_AHEAD_MS are shown early when
 * nothing else is left, as Anki does, so a 10-minute step comes back in
 * the same sitting.
 *
 * Not here: recording answers (answer.c), daily limits' options (the
 * deck header, import.c). */
#include "recall/queue.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collection_int.h"
#include "recall/buf.h"
#include "recall/clock.h"

#include "banned.h"

#define LEARN_AHEAD_MS (20 * 60 * 1000LL)

struct card_list {
    struct rc_queue_card *v;
    size_t n, alloc;
};

/* A set of note ids: open addressing, ids are never 0. */
struct note_set {
    int64_t *slots;
    size_t n, cap;
};

struct rc_queue {
    struct card_list learning; /* by due time */
    struct card_list review;   /* by due time */
    struct card_list fresh;    /* new cards, deck then file order */
    struct note_set notes;     /* seen today or planned */
    int64_t day_end_ms;
};

struct deck_plan {
    int64_t id;
    int new_left;
    int review_left;
    int64_t hint_stored; /* new_hint's position, or -1 */
    int64_t new_from;    /* first note with a new card, or INT64_MAX */
};

static void list_push(struct card_list *l, const struct rc_queue_card *c)
{
    if (l->n == l->alloc) {
        l->alloc = l->alloc ? l->alloc * 2 : 32;
        l->v = rc_xreallocarray(l->v, l->alloc, sizeof(*l->v));
    }
    l->v[l->n++] = *c;
}

static bool list_remove(struct card_list *l, int64_t card_id)
{
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].card_id != card_id)
            continue;
        memmove(&l->v[i], &l->v[i + 1], (l->n - i - 1) * sizeof(*l->v));
        l->n--;
        return true;
    }
    return false;
}

/* Insert keeping the list ordered by due time (stable for equal times). */
static void list_insert_by_due(struct card_list *l,
                               const struct rc_queue_card *c)
{
    list_push(l, c);
    size_t i = l->n - 1;
    while (i > 0 && l->v[i - 1].due_ms > c->due_ms) {
        l->v[i] = l->v[i - 1];
        i--;
    }
    l->v[i] = *c;
}

static int cmp_due(const void *a, const void *b)
{
    const struct rc_queue_card *x = a, *y = b;
    if (x->due_ms != y->due_ms)
        return x->due_ms < y->due_ms ? -1 : 1;
    return x->card_id < y->card_id ? -1 : x->card_id > y->card_id;
}

static void list_sort_by_due(struct card_list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof(*l->v), cmp_due);
}

static size_t slot_of(const struct note_set *s, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;
    size_t i = (size_t)(h >> 20) & (s->cap - 1);
    while (s->slots[i] != 0 && s->slots[i] != id)
        i = (i + 1) & (s->cap - 1);
    return i;
}

static bool set_has(const struct note_set *s, int64_t id)
{
    return s->cap && s->slots[slot_of(s, id)] == id;
}

static void set_add(struct note_set *s, int64_t id)
{
    if ((s->n + 1) * 2 > s->cap) {
        struct note_set bigger = {.cap = s->cap ? s->cap * 2 : 64};
        bigger.slots = rc_xcalloc(bigger.cap, sizeof(*bigger.slots));
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                bigger.slots[slot_of(&bigger, s->slots[i])] = s->slots[i];
        bigger.n = s->n;
        free(s->slots);
        *s = bigger;
    }
    size_t i = slot_of(s, id);
    if (s->slots[i] == 0) {
        s->slots[i] = id;
        s->n++;
    }
}

static void add_deck(sqlite3_stmt *st, struct deck_plan **plans, size_t *n)
{
    *plans = rc_xreallocarray(*plans, *n + 1, sizeof(**plans));
    struct deck_plan *p = &(*plans)[(*n)++];
    p->id = sqlite3_column_int64(st, 0);
    p->new_left = sqlite3_column_int(st, 2);
    p->review_left = sqlite3_column_int(st, 3);
    p->hint_stored = -1;
    p->new_from = 0;
}

/* The decks to plan, from their keys (or all). */
static int load_decks(struct rc_collection *c, const char *const *keys,
                      size_t n_keys, struct deck_plan **plans, size_t *n,
                      struct rc_err *err)
{
    enum rc_sql id = n_keys ? RC_SQL_QUEUE_DECK_BY_KEY : RC_SQL_QUEUE_DECKS;
    for (size_t k = 0; k < (n_keys ? n_keys : 1); k++) {
        sqlite3_stmt *st = rc_stmt(c, id, err);
        if (!st)
            return RC_EDB;
        if (n_keys)
            rc_bind_text(st, 1, keys[k]);
        size_t before = *n;
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW)
            add_deck(st, plans, n);
        rc_stmt_done(st);
        if (step != SQLITE_DONE)
            return rc_err_db(err, c->db, "read decks");
        if (n_keys && *n == before)
            return rc_err_set(err, RC_ENOTFOUND, "no deck '%s'", keys[k]);
    }
    return RC_OK;
}

static struct deck_plan *find_plan(struct deck_plan *plans, size_t n,
                                   int64_t deck_id)
{
    for (size_t i = 0; i < n; i++)
        if (plans[i].id == deck_id)
            return &plans[i];
    return NULL;
}

/* Charge today's answers to the decks' limits; remember their notes. */
static int count_today(struct rc_collection *c, struct rc_queue *q,
                       int64_t profile_id, int64_t day_start,
                       struct deck_plan *plans, size_t n, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_QUEUE_TODAY, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, day_start);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct deck_plan *p = find_plan(plans, n, sqlite3_column_int64(st, 0));
        set_add(&q->notes, sqlite3_column_int64(st, 1));
        if (!p)
            continue;
        if (sqlite3_column_int(st, 3))
            p->review_left--;
        else
            p->new_left--;
    }
    rc_stmt_done(st);
    return step == SQLITE_DONE ? RC_OK : rc_err_db(err, c->db, "read today");
}

/* Run one of the QUEUE_LEARNING/REVIEW/NEW statements for a deck and add
 * its cards of 'kind', up to 'limit' (-1: no limit), keeping siblings
 * out except for learning cards, which are already under way. */
static int fetch(struct rc_collection *c, struct rc_queue *q, enum rc_sql id,
                 enum rc_queue_kind kind, int64_t profile_id,
                 const struct deck_plan *p, int64_t now_ms, int limit,
                 struct rc_err *err)
{
    if (limit == 0)
        return RC_OK;
    sqlite3_stmt *st = rc_stmt(c, id, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, p->id);
    sqlite3_bind_int64(st, 3, now_ms);
    if (kind == RC_QUEUE_NEW) {
        /* Ask for extra rows: some may be siblings we skip. */
        sqlite3_bind_int64(st, 4, (int64_t)limit * 4 + 16);
        sqlite3_bind_int64(st, 5, p->new_from);
    } else {
        sqlite3_bind_int64(st, 4, q->day_end_ms);
        sqlite3_bind_int64(st, 5, limit < 0 ? -1 : (int64_t)limit * 4 + 16);
    }
    int taken = 0, step = SQLITE_DONE;
    while ((limit < 0 || taken < limit) &&
           (step = sqlite3_step(st)) == SQLITE_ROW) {
        struct rc_queue_card card = {
            .card_id = sqlite3_column_int64(st, 0),
            .note_id = sqlite3_column_int64(st, 1),
            .kind = kind,
            .due_ms = kind == RC_QUEUE_NEW ? 0 : sqlite3_column_int64(st, 2),
        };
        if (kind != RC_QUEUE_LEARNING && set_has(&q->notes, card.note_id))
            continue;
        set_add(&q->notes, card.note_id);
        /* Learning and review lists are sorted once, when all decks are
         * in: inserting in order here would be quadratic. */
        list_push(kind == RC_QUEUE_LEARNING ? &q->learning
                  : kind == RC_QUEUE_REVIEW ? &q->review
                                            : &q->fresh,
                  &card);
        taken++;
    }
    rc_stmt_done(st);
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        return rc_err_db(err, c->db, "plan the queue");
    return RC_OK;
}

/* Where the deck's new cards start: from the stored hint, walk to the
 * first note with a card the profile never studied (see new_hint in
 * migrate.c).  Amortised, each studied note is walked past once. */
static int find_new_from(struct rc_collection *c, int64_t profile_id,
                         struct deck_plan *p, struct rc_err *err)
{
    sqlite3_stmt *st = rc_stmt(c, RC_SQL_NEW_HINT_GET, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, p->id);
    if (sqlite3_step(st) == SQLITE_ROW)
        p->hint_stored = sqlite3_column_int64(st, 0);
    rc_stmt_done(st);
    st = rc_stmt(c, RC_SQL_NEW_HINT_SCAN, err);
    if (!st)
        return RC_EDB;
    sqlite3_bind_int64(st, 1, profile_id);
    sqlite3_bind_int64(st, 2, p->id);
    sqlite3_bind_int64(st, 3, p->hint_stored > 0 ? p->hint_stored : 0);
    int step = sqlite3_step(st);
    p->new_from = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : INT64_MAX;
    rc_stmt_done(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return rc_err_db(err, c->db, "find new cards");
    return RC_OK;
}

/* Store the hints that moved on (in their own short write). */
static void save_hints(struct rc_collection *c, int64_t profile_id,
                       const struct deck_plan *plans, size_t n)
{
    bool any = false;
    for (size_t i = 0; i < n; i++)
        any |= plans[i].new_from != plans[i].hint_stored;
    /* A hint is only a shortcut: failing to store one loses nothing. */
    if (!any || rc_tx_begin(c, NULL) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if (plans[i].new_from == plans[i].hint_stored)
            continue;
        sqlite3_stmt *st = rc_stmt(c, RC_SQL_NEW_HINT_PUT, NULL);
        if (!st)
            break;
        sqlite3_bind_int64(st, 1, profile_id);
        sqlite3_bind_int64(st, 2, plans[i].id);
        sqlite3_bind_int64(st, 3, plans[i].new_from);
        rc_stmt_exec(c, st, "store new-card hint", NULL);
    }
    if (rc_tx_commit(c, NULL) < 0)
        rc_tx_rollback(c);
}

static int plan_deck(struct rc_collection *c, struct rc_queue *q,
                     int64_t profile_id, struct deck_plan *p, int64_t now_ms,
                     struct rc_err *err)
{
    int rc = fetch(c, q, RC_SQL_QUEUE_LEARNING, RC_QUEUE_LEARNING, profile_id,
                   p, now_ms, -1, err);
    if (rc == RC_OK)
        rc = fetch(c, q, RC_SQL_QUEUE_REVIEW, RC_QUEUE_REVIEW, profile_id, p,
                   now_ms, p->review_left > 0 ? p->review_left : 0, err);
    if (rc == RC_OK && p->new_left > 0)
        rc = find_new_from(c, profile_id, p, err);
    if (rc == RC_OK && p->new_left > 0 && p->new_from != INT64_MAX)
        rc = fetch(c, q, RC_SQL_QUEUE_NEW, RC_QUEUE_NEW, profile_id, p, now_ms,
                   p->new_left, err);
    if (p->new_left <= 0)
        p->new_from = p->hint_stored; /* not looked at: keep the hint */
    return rc;
}

int rc_queue_build(struct rc_collection *c, int64_t profile_id,
                   const char *const *deck_keys, size_t n_decks, int64_t now_ms,
                   struct rc_queue **out, struct rc_err *err)
{
    *out = NULL;
    int rollover = 4;
    rc_collection_setting_int(c, "rollover_hour", &rollover);
    int64_t today = rc_study_day(now_ms, rollover);
    struct rc_queue *q = rc_xcalloc(1, sizeof(*q));
    q->day_end_ms = rc_study_day_start_ms(today + 1, rollover);
    struct deck_plan *plans = NULL;
    size_t n = 0;
    /* One read transaction: the plan sees one state of the file. */
    int rc = rc_tx_begin_read(c, err);
    if (rc == RC_OK)
        rc = load_decks(c, deck_keys, n_decks, &plans, &n, err);
    if (rc == RC_OK)
        rc = count_today(c, q, profile_id,
                         rc_study_day_start_ms(today, rollover), plans, n, err);
    for (size_t i = 0; rc == RC_OK && i < n; i++)
        rc = plan_deck(c, q, profile_id, &plans[i], now_ms, err);
    rc_tx_rollback(c);
    list_sort_by_due(&q->learning);
    list_sort_by_due(&q->review);
    if (rc == RC_OK)
        save_hints(c, profile_id, plans, n);
    free(plans);
    if (rc < 0) {
        rc_queue_free(q);
        return rc;
    }
    *out = q;
    return RC_OK;
}

void rc_queue_free(struct rc_queue *q)
{
    if (!q)
        return;
    free(q->learning.v);
    free(q->review.v);
    free(q->fresh.v);
    free(q->notes.slots);
    free(q);
}

bool rc_queue_next(struct rc_queue *q, int64_t now_ms,
                   struct rc_queue_card *out)
{
    if (q->learning.n && q->learning.v[0].due_ms <= now_ms) {
        *out = q->learning.v[0];
        return true;
    }
    if (q->review.n) {
        *out = q->review.v[0];
        return true;
    }
    if (q->fresh.n) {
        *out = q->fresh.v[0];
        return true;
    }
    if (q->learning.n && q->learning.v[0].due_ms <= now_ms + LEARN_AHEAD_MS) {
        *out = q->learning.v[0];
        return true;
    }
    return false;
}

void rc_queue_done(struct rc_queue *q, int64_t card_id, int64_t learning_due_ms)
{
    struct rc_queue_card card = {0};
    struct card_list *lists[] = {&q->learning, &q->review, &q->fresh};
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 0; k < lists[i]->n; k++)
            if (lists[i]->v[k].card_id == card_id)
                card = lists[i]->v[k];
        if (list_remove(lists[i], card_id))
            break;
    }
    if (card.card_id && learning_due_ms && learning_due_ms < q->day_end_ms) {
        card.kind = RC_QUEUE_LEARNING;
        card.due_ms = learning_due_ms;
        list_insert_by_due(&q->learning, &card);
    }
}

void rc_queue_push_front(struct rc_queue *q, const struct rc_queue_card *card)
{
    rc_queue_done(q, card->card_id, 0);
    struct card_list *l = card->kind == RC_QUEUE_LEARNING ? &q->learning
                          : card->kind == RC_QUEUE_REVIEW ? &q->review
                                                          : &q->fresh;
    list_push(l, card);
    memmove(&l->v[1], &l->v[0], (l->n - 1) * sizeof(*l->v));
    l->v[0] = *card;
    if (card->kind == RC_QUEUE_LEARNING)
        l->v[0].due_ms = 0; /* shown at once */
}

int64_t rc_queue_next_due_ms(const struct rc_queue *q)
{
    return q->learning.n ? q->learning.v[0].due_ms : 0;
}

void rc_queue_counts(const struct rc_queue *q, size_t *n_new,
                     size_t *n_learning, size_t *n_review)
{
    *n_new = q->fresh.n;
    *n_learning = q->learning.n;
    *n_review = q->review.n;
}

int64_t rc_queue_day_end_ms(const struct rc_queue *q)
{
    return q->day_end_ms;
}
